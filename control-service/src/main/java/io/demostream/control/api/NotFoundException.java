package io.demostream.control.api;

/** The addressed entity does not exist (404 {@code not-found}). */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String detail) {
    super(detail);
  }
}
