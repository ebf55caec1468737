package io.demostream.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses randomuser.me API responses (version 1.4: {@code {"results":[...],"info":{...}}}).
 *
 * <p>A response that is not JSON, reports an API {@code error}, or has no {@code results} array is
 * invalid as a whole. Otherwise each record is validated on its own by {@link UserRecordReader}:
 * one bad record is rejected without losing the rest.
 */
public final class RandomUserResponseParser {

  private RandomUserResponseParser() {}

  /** Parses a response body; never throws for bad input. */
  public static Validated<ApiResponse> parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return Validated.invalid(invalidJson(e));
    } catch (IOException e) {
      return Validated.invalid(
          new ValidationError("$", ValidationError.Reason.INVALID_JSON, e.getMessage()));
    }
    return parse(root);
  }

  /** Parses an already-read response document. */
  public static Validated<ApiResponse> parse(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      return Validated.invalid(
          new ValidationError("$", ValidationError.Reason.INVALID_JSON, "the body is empty"));
    }
    if (!root.isObject()) {
      return Validated.invalid(
          new ValidationError(
              "$",
              ValidationError.Reason.NOT_AN_OBJECT,
              "a response must be a JSON object, got " + UserRecordReader.typeOf(root)));
    }
    JsonNode apiError = root.get("error");
    if (apiError != null && !apiError.isNull()) {
      return Validated.invalid(
          new ValidationError("error", ValidationError.Reason.API_ERROR, apiError.asText()));
    }
    JsonNode results = root.get("results");
    if (results == null || results.isNull()) {
      return Validated.invalid(
          new ValidationError("results", ValidationError.Reason.MISSING, "is required"));
    }
    if (!results.isArray()) {
      return Validated.invalid(
          new ValidationError(
              "results",
              ValidationError.Reason.WRONG_TYPE,
              "expected an array, got " + UserRecordReader.typeOf(results)));
    }
    List<ApiResponse.ValidUser> users = new ArrayList<>(results.size());
    List<ApiResponse.RejectedRecord> rejected = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonNode record = results.get(i);
      Validated<UserFields> fields = UserRecordReader.read(record);
      if (fields.isValid()) {
        users.add(new ApiResponse.ValidUser((ObjectNode) record, fields.value()));
      } else {
        String path = "results[" + i + "]";
        rejected.add(
            new ApiResponse.RejectedRecord(
                i, fields.errors().stream().map(error -> error.under(path)).toList()));
      }
    }
    JsonNode seed = root.path("info").get("seed");
    return Validated.valid(
        new ApiResponse(users, rejected, seed == null || seed.isNull() ? null : seed.asText()));
  }

  static ValidationError invalidJson(JsonProcessingException e) {
    return new ValidationError("$", ValidationError.Reason.INVALID_JSON, e.getOriginalMessage());
  }
}
