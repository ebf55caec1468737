package io.demostream.control;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The demostream control plane: resources, pipeline jobs, runs and insights over REST. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlApplication {

  public static void main(String[] args) {
    SpringApplication.run(ControlApplication.class, args);
  }
}
