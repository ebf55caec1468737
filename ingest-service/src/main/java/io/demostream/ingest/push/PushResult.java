package io.demostream.ingest.push;

import java.util.List;

/**
 * What {@code POST /api/v1/events} answers with 202.
 *
 * @param accepted users published (acknowledged by Pub/Sub)
 * @param rejected one entry per fault of every user that was not published, in request order
 */
public record PushResult(int accepted, List<Rejection> rejected) {

  public PushResult {
    rejected = List.copyOf(rejected);
  }

  /**
   * One fault of one pushed user.
   *
   * @param index the user's position in the request (array index, or line of NDJSON from 0)
   * @param field the field at fault, relative to the user ({@code dob.age}), or {@code $} for the
   *     whole entry
   * @param reason the kind of fault, as in the contract ({@code MISSING}, {@code OUT_OF_RANGE}...)
   * @param message a plain sentence
   */
  public record Rejection(int index, String field, String reason, String message) {}
}
