package io.demostream.events.panes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPaneMessageTest {

  @Test
  void roundTripsThroughJsonWithEveryCell() {
    WindowPaneMessage pane =
        new WindowPaneMessage(
            "demostream-1",
            1_000,
            21_000,
            "ON_TIME",
            2,
            21_500,
            List.of(
                new WindowPaneMessage.Cell("France", "female", 3, 90, 12),
                new WindowPaneMessage.Cell("Spain", "male", 2, 50, 4)),
            List.of(new WindowPaneMessage.AgeBandCell("25-34", 5)));

    WindowPaneMessage read = WindowPaneMessage.fromJson(pane.toJson());

    assertThat(read).isEqualTo(pane);
    assertThat(read.users()).isEqualTo(5);
  }

  @Test
  void ignoresUnknownFieldsAndReadsMissingListsAsEmpty() {
    WindowPaneMessage read =
        WindowPaneMessage.fromJson(
            ("{\"incarnationId\":\"x\",\"windowStartMillis\":0,\"windowEndMillis\":20000,"
                    + "\"paneTiming\":\"LATE\",\"paneIndex\":3,\"emittedAtMillis\":1,\"future\":1}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(read.cells()).isEmpty();
    assertThat(read.ageBands()).isEmpty();
    assertThat(read.paneTiming()).isEqualTo("LATE");
  }

  @Test
  void refusesWhatIsNotAPane() {
    assertThatThrownBy(() -> WindowPaneMessage.fromJson("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Not a pane message: nope");
  }
}
