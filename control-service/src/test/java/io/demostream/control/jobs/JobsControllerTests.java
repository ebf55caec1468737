package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.control.testing.ApiSliceTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The jobs REST API with its security and error handling, over the real {@link JobService} and a
 * {@link FakeLauncher}.
 */
@ApiSliceTest
@Import({JobsController.class, JobsControllerTests.Jobs.class})
class JobsControllerTests {

  private static final String TOKEN = "Bearer right-token";

  @TestConfiguration
  static class Jobs {
    @Bean
    FakeLauncher fakeLauncher() {
      return new FakeLauncher();
    }

    @Bean
    JobService jobService(FakeLauncher launcher) {
      return new JobService(
          launcher,
          new JobsProperties(
              "demostream", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(5)),
          new SimpleMeterRegistry(),
          Clock.systemUTC());
    }
  }

  @Autowired MockMvc mvc;
  @Autowired FakeLauncher launcher;
  @Autowired JobService jobs;

  @BeforeEach
  void noJobs() {
    launcher.reset();
  }

  @Test
  void startWithoutTokenIsUnauthorized() throws Exception {
    mvc.perform(post("/api/v1/jobs"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    assertThat(launcher.launchedNames).isEmpty();
  }

  @Test
  void startWithWrongTokenIsUnauthorized() throws Exception {
    mvc.perform(post("/api/v1/jobs").header("Authorization", "Bearer wrong-token"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    assertThat(launcher.launchedNames).isEmpty();
  }

  @Test
  void cancelAndDrainNeedTheToken() throws Exception {
    mvc.perform(post("/api/v1/jobs/job-1/cancel")).andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/jobs/job-1/drain").header("Authorization", "Bearer nope"))
        .andExpect(status().isUnauthorized());
    assertThat(launcher.stopRequests).isEmpty();
  }

  @Test
  void startWithoutBodyAnswersTheJobWithDefaults() throws Exception {
    mvc.perform(post("/api/v1/jobs").header("Authorization", TOKEN))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/jobs/")))
        .andExpect(jsonPath("$.id").isNotEmpty())
        .andExpect(jsonPath("$.name").value(org.hamcrest.Matchers.startsWith("demostream-")))
        .andExpect(jsonPath("$.state").value("PENDING"))
        .andExpect(jsonPath("$.launcher").value("fake"))
        .andExpect(jsonPath("$.createdAt").isNotEmpty())
        .andExpect(jsonPath("$.parameters.windowType").value("fixed"))
        .andExpect(jsonPath("$.parameters.windowSize").value("60s"));
  }

  @Test
  void invalidParameterIsABadRequestNamingTheField() throws Exception {
    mvc.perform(
            post("/api/v1/jobs")
                .header("Authorization", TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"windowType\":\"sliding\",\"windowSize\":\"1m\",\"windowPeriod\":\"5m\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("windowPeriod"));
  }

  @Test
  void secondStartIsAConflictShowingTheRunningJob() throws Exception {
    String first = jobs.start(StartJobRequest.defaults()).id();
    launcher.setState(first, JobState.RUNNING);

    mvc.perform(post("/api/v1/jobs").header("Authorization", TOKEN))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:conflict"))
        .andExpect(jsonPath("$.job.id").value(first))
        .andExpect(jsonPath("$.job.state").value("RUNNING"));
  }

  @Test
  void concurrentStartRequestsYieldExactlyOneJob() throws Exception {
    launcher.launchLatency = Duration.ofMillis(100);
    int callers = 6;
    CyclicBarrier barrier = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<Integer>> statuses = new ArrayList<>();
    Callable<Integer> start =
        () -> {
          barrier.await();
          return mvc.perform(post("/api/v1/jobs").header("Authorization", TOKEN))
              .andReturn()
              .getResponse()
              .getStatus();
        };
    for (int i = 0; i < callers; i++) {
      statuses.add(pool.submit(start));
    }
    List<Integer> answers = new ArrayList<>();
    for (Future<Integer> status : statuses) {
      answers.add(status.get());
    }
    pool.shutdown();

    assertThat(answers).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    assertThat(jobs.list()).filteredOn(job -> !job.state().isTerminal()).hasSize(1);
  }

  @Test
  void readsAreOpenAndUnknownJobIsNotFound() throws Exception {
    String id = jobs.start(StartJobRequest.defaults()).id();

    mvc.perform(get("/api/v1/jobs"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value(id));
    mvc.perform(get("/api/v1/jobs/" + id)).andExpect(jsonPath("$.name").isNotEmpty());
    mvc.perform(get("/api/v1/jobs/nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:not-found"));
  }

  @Test
  void drainAnswersTheStoppedJob() throws Exception {
    String id = jobs.start(StartJobRequest.defaults()).id();
    launcher.setState(id, JobState.RUNNING);

    mvc.perform(post("/api/v1/jobs/" + id + "/drain").header("Authorization", TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("DRAINED"));
    mvc.perform(post("/api/v1/jobs/" + id + "/cancel").header("Authorization", TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("DRAINED"));
    assertThat(launcher.stopRequests).containsExactly("drain:" + id);
  }

  @Test
  void upgradeWithoutTokenIsUnauthorized() throws Exception {
    mvc.perform(post("/api/v1/jobs/job-1/upgrade")).andExpect(status().isUnauthorized());
  }

  @Test
  void upgradeOnALauncherThatCannotIsAConflictSayingSo() throws Exception {
    String id = jobs.start(StartJobRequest.defaults()).id();
    launcher.setState(id, JobState.RUNNING);

    mvc.perform(
            post("/api/v1/jobs/" + id + "/upgrade")
                .header("Authorization", TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"image\":\"registry.example/pipeline:2\"}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:conflict"))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "The fake launcher cannot upgrade a running job; drain it and start another"))
        .andExpect(jsonPath("$.job.id").value(id));
  }

  @Test
  void upgradeRefusesABlankImageAndUnknownJobs() throws Exception {
    String id = jobs.start(StartJobRequest.defaults()).id();

    mvc.perform(
            post("/api/v1/jobs/" + id + "/upgrade")
                .header("Authorization", TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"image\":\" \"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("image"));
    mvc.perform(post("/api/v1/jobs/nope/upgrade").header("Authorization", TOKEN))
        .andExpect(status().isNotFound());
  }
}
