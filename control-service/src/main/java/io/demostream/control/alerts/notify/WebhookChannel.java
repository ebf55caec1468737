package io.demostream.control.alerts.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Channel {@code webhook}: a JSON POST of the message (its {@code text} field is what Slack's
 * incoming webhooks show), signed in {@code X-Demostream-Signature: sha256=<hex>} with HMAC-SHA256
 * over the exact body bytes and the configured secret. Any status but 2xx is a failure, retried by
 * the dispatcher. The secret is never logged nor part of any error.
 */
public class WebhookChannel implements AlertChannel {

  public static final String SIGNATURE_HEADER = "X-Demostream-Signature";

  private final HttpClient http;
  private final URI url;
  private final byte[] secret;
  private final Duration timeout;

  public WebhookChannel(URI url, String secret, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.url = url;
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(AlertMessage message, String json) throws IOException, InterruptedException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("X-Demostream-Dedup-Key", message.dedupKey())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret.length > 0) {
      request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
    }
    HttpResponse<Void> response =
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("webhook answered HTTP " + response.statusCode());
    }
  }

  /** Hex HMAC-SHA256 of {@code body} with {@code secret}: what a receiver recomputes to verify. */
  public static String sign(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
