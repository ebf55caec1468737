package io.demostream.ingest.api;

import java.net.URI;

/** The stable {@code type} URIs of the API's problem details; clients may switch on them. */
public final class ProblemTypes {

  public static final URI INVALID_PARAMETER =
      URI.create("urn:demostream:problem:invalid-parameter");
  public static final URI MALFORMED_REQUEST =
      URI.create("urn:demostream:problem:malformed-request");
  public static final URI INGESTION_ACTIVE = URI.create("urn:demostream:problem:ingestion-active");
  public static final URI UNAUTHORIZED = URI.create("urn:demostream:problem:unauthorized");
  public static final URI UNAVAILABLE = URI.create("urn:demostream:problem:unavailable");
  public static final URI INTERNAL = URI.create("urn:demostream:problem:internal");

  private ProblemTypes() {}
}
