package io.demostream.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A parsed randomuser.me response: the records that passed validation and those that did not.
 *
 * @param users valid user records, in response order, exactly as the API sent them (credentials
 *     included: {@link UserEventMessages} removes them when publishing)
 * @param rejected records that failed validation, with error paths under {@code results[i]}
 * @param seed {@code info.seed}, or null when the API sent no info
 */
public record ApiResponse(List<ValidUser> users, List<RejectedRecord> rejected, String seed) {

  /** A record that passed validation, with the fields read from it. */
  public record ValidUser(ObjectNode record, UserFields fields) {}

  /** A record that failed validation; {@code index} is its position in {@code results}. */
  public record RejectedRecord(int index, List<ValidationError> errors) {}
}
