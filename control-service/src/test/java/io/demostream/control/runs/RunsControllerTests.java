package io.demostream.control.runs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.control.reconcile.RunSummary;
import io.demostream.control.testing.ApiSliceTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest
@Import(RunsController.class)
class RunsControllerTests {

  private static final RunView RUN =
      new RunView(
          "run-1",
          RunState.RUNNING,
          new RunRequest(5, "synthetic", 10, null, null, null, null),
          null,
          Instant.parse("2026-11-27T22:00:00Z"),
          null,
          null,
          null,
          null,
          List.of(
              new RunView.StepView(
                  "ensure-resources",
                  StepState.RUNNING,
                  Instant.parse("2026-11-27T22:00:00Z"),
                  null,
                  null,
                  null)));

  @Autowired MockMvc mvc;
  @MockitoBean RunService runs;

  @Test
  void startWithoutTokenIsUnauthorized() throws Exception {
    mvc.perform(
            post("/api/v1/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"durationMinutes\":5}"))
        .andExpect(status().isUnauthorized());
    verify(runs, never()).start(any());
  }

  @Test
  void stopWithWrongTokenIsUnauthorized() throws Exception {
    mvc.perform(post("/api/v1/runs/run-1/stop").header("Authorization", "Bearer wrong"))
        .andExpect(status().isUnauthorized());
    verify(runs, never()).stop(any());
  }

  @Test
  void startAnswersTheRunWithItsSteps() throws Exception {
    given(runs.start(any())).willReturn(RUN);

    mvc.perform(
            post("/api/v1/runs")
                .header("Authorization", "Bearer right-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"durationMinutes\":5,\"source\":\"synthetic\",\"usersPerSecond\":10}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value("run-1"))
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.steps[0].name").value("ensure-resources"))
        .andExpect(jsonPath("$.steps[0].state").value("RUNNING"));
    verify(runs).start(new RunRequest(5, "synthetic", 10, null, null, null, null));
  }

  @Test
  void missingDurationIsABadRequestNamingTheField() throws Exception {
    mvc.perform(
            post("/api/v1/runs")
                .header("Authorization", "Bearer right-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\":\"synthetic\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$..field").value(org.hamcrest.Matchers.hasItem("durationMinutes")));
    verify(runs, never()).start(any());
  }

  @Test
  void stopAndGetAnswerTheRun() throws Exception {
    given(runs.stop(eq("run-1"))).willReturn(RUN);
    given(runs.get("run-1")).willReturn(RUN);

    mvc.perform(post("/api/v1/runs/run-1/stop").header("Authorization", "Bearer right-token"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value("run-1"));
    mvc.perform(get("/api/v1/runs/run-1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.request.durationMinutes").value(5));
  }

  @Test
  void anEndedRunStatesWhatItPublishedCountedAndDeadLetteredAndWhetherTheyReconcile()
      throws Exception {
    RunView ended =
        new RunView(
            "run-2",
            RunState.SUCCEEDED,
            RUN.request(),
            "demostream-20261127-220000-abcdef",
            RUN.createdAt(),
            RUN.createdAt().plusSeconds(300),
            RUN.createdAt().plusSeconds(330),
            null,
            new RunSummary(
                2916,
                2914L,
                2,
                0L,
                true,
                "the latest pane of every fixed window",
                "demostream-20261127-220000-abcdef"),
            List.of(
                new RunView.StepView(
                    "drain-job",
                    StepState.SUCCEEDED,
                    RUN.createdAt().plusSeconds(300),
                    RUN.createdAt().plusSeconds(330),
                    null,
                    "backlog consumed: backlog 40 -> 0 messages after 12 s (test)")));
    given(runs.get("run-2")).willReturn(ended);

    mvc.perform(get("/api/v1/runs/run-2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.summary.published").value(2916))
        .andExpect(jsonPath("$.summary.counted").value(2914))
        .andExpect(jsonPath("$.summary.deadLettered").value(2))
        .andExpect(jsonPath("$.summary.droppedLate").value(0))
        .andExpect(jsonPath("$.summary.reconciled").value(true))
        .andExpect(jsonPath("$.summary.incarnationId").value("demostream-20261127-220000-abcdef"))
        .andExpect(
            jsonPath("$.steps[0].detail").value(org.hamcrest.Matchers.startsWith("backlog")));
  }
}
