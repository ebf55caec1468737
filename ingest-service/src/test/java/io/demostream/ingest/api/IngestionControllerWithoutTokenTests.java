package io.demostream.ingest.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.ingest.ingestion.IngestionService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With {@code demostream.security.api-token} blank, the API refuses every call. */
@WebMvcTest(IngestionController.class)
@Import(ApiSliceConfiguration.class)
@TestPropertySource(properties = "demostream.security.api-token=")
class IngestionControllerWithoutTokenTests {

  @Autowired private MockMvc mvc;
  @MockitoBean private IngestionService ingestion;

  @Test
  void everyCallIsRefusedWhenNoTokenIsConfigured() throws Exception {
    mvc.perform(post("/api/v1/ingestion/start").header(HttpHeaders.AUTHORIZATION, "Bearer "))
        .andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/ingestion/start").header(HttpHeaders.AUTHORIZATION, "Bearer  "))
        .andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/ingestion/stop").header(HttpHeaders.AUTHORIZATION, "Bearer null"))
        .andExpect(status().isUnauthorized());
    verify(ingestion, never()).start(any());
    verify(ingestion, never()).stop();
  }
}
