package io.demostream.ingest;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Polls randomuser.me or the synthetic generator and publishes one Pub/Sub message per user.
 *
 * <p>The generated default user is excluded: the API authenticates bearer tokens only (see {@link
 * io.demostream.ingest.security.SecurityConfiguration}), and no password is ever printed.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class IngestApplication {

  /** The one clock of the service, so that tests can pass their own. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(IngestApplication.class, args);
  }
}
