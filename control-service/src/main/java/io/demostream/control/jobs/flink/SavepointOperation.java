package io.demostream.control.jobs.flink;

/**
 * The state of an asynchronous savepoint or stop-with-savepoint operation ({@code GET
 * /jobs/<id>/savepoints/<trigger>}).
 *
 * @param completed whether the operation has ended, successfully or not
 * @param location where the savepoint was written, once completed successfully
 * @param failure Flink's failure cause, once completed unsuccessfully
 */
public record SavepointOperation(boolean completed, String location, String failure) {

  public boolean succeeded() {
    return completed && failure == null;
  }
}
