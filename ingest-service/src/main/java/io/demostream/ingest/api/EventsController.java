package io.demostream.ingest.api;

import io.demostream.ingest.push.PushResult;
import io.demostream.ingest.push.PushService;
import io.demostream.ingest.push.PushTooLargeException;
import io.demostream.support.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users pushed by other producers: {@code POST /api/v1/events}; see {@link PushService}. The body
 * is read here, bounded by {@code demostream.ingest.push.max-body-size}, so a body past the limit
 * is refused without being held in memory.
 */
@RestController
class EventsController {

  static final String NDJSON = "application/x-ndjson";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 200;

  private final PushService push;

  EventsController(PushService push) {
    this.push = push;
  }

  @PostMapping(
      path = "/api/v1/events",
      consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
  @Operation(
      summary = "Publish users in the randomuser.me result shape: one object, an array, or NDJSON",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "valid users published; invalid ones listed with index, field, reason",
            content = @Content(schema = @Schema(implementation = PushResult.class))),
        @ApiResponse(responseCode = "400", description = "not JSON, or a bad Idempotency-Key"),
        @ApiResponse(responseCode = "413", description = "past the body size or users limit"),
        @ApiResponse(
            responseCode = "429",
            description = "publishing has fallen behind; nothing published, see Retry-After"),
        @ApiResponse(
            responseCode = "503",
            description = "publishing failed; send the same request again after Retry-After")
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              description =
                  "users in the randomuser.me result shape: one object, an array of them, a whole"
                      + " response ({\"results\":[...]}), or one per line as NDJSON",
              required = true,
              content = {
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE),
                @Content(mediaType = NDJSON)
              }))
  ResponseEntity<PushResult> push(
      HttpServletRequest request,
      @Parameter(
              description =
                  "makes the users' event_ids deterministic (key and position), so a retried"
                      + " request is counted once")
          @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
          String idempotencyKey)
      throws IOException {
    checkKey(idempotencyKey);
    byte[] body = readBounded(request);
    boolean ndjson =
        request.getContentType() != null
            && MediaType.parseMediaType(request.getContentType())
                .isCompatibleWith(MediaType.parseMediaType(NDJSON));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(push.push(body, ndjson, idempotencyKey));
  }

  private static void checkKey(String key) {
    if (key == null) {
      return;
    }
    if (key.isEmpty()
        || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw InvalidRequestException.of(
          IDEMPOTENCY_KEY, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
    }
  }

  private byte[] readBounded(HttpServletRequest request) throws IOException {
    long max = push.maxBodyBytes();
    long declared = request.getContentLengthLong();
    if (declared > max) {
      throw tooLarge(max);
    }
    ByteArrayOutputStream body =
        new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), max));
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      for (int read; (read = in.read(buffer)) != -1; ) {
        if (body.size() + read > max) {
          throw tooLarge(max);
        }
        body.write(buffer, 0, read);
      }
    }
    return body.toByteArray();
  }

  private static PushTooLargeException tooLarge(long max) {
    return new PushTooLargeException(
        "maxBodySize", max, "the body is larger than the limit of " + max + " bytes");
  }
}
