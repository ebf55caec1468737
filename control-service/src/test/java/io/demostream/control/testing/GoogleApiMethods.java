package io.demostream.control.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The Google API methods of {@code deploy/iam/api-methods.yaml}, which the fakes of Google APIs in
 * these tests check every call they receive against: a call the file does not list for the
 * control-service's account is answered with an error naming it (so the test fails) and recorded in
 * {@link #UNLISTED}. The file maps each method to the IAM permission it needs, and the k8s module's
 * {@code IamPermissionTests} checks the account's roles hold them: a new call cannot go unnoticed.
 * gRPC fakes add {@link #interceptor}, WireMock servers {@link #wireMockFilter}.
 */
public final class GoogleApiMethods {

  /** The control-service's service account in {@code deploy/iam}. */
  public static final String CONTROL = "demostream-control";

  /** Calls received that the file does not list, as {@code account: call}. */
  public static final List<String> UNLISTED = new CopyOnWriteArrayList<>();

  private static final Path FILE = Path.of("..", "deploy", "iam", "api-methods.yaml");
  private static final Map<String, List<String>> CALLS = load();

  private GoogleApiMethods() {}

  /** Whether the account's list has the call: {@code grpc <Service>/<Method>} or a REST call. */
  public static boolean listed(String account, String call) {
    return CALLS.getOrDefault(account, List.of()).stream()
        .anyMatch(listed -> matches(listed, call));
  }

  /** The message for a call not listed, also recorded in {@link #UNLISTED}. */
  static String unlisted(String account, String call) {
    UNLISTED.add(account + ": " + call);
    return "Google API call '"
        + call
        + "' is not in deploy/iam/api-methods.yaml for "
        + account
        + ": add it with the IAM permission it needs";
  }

  /** Fails every gRPC call the account's list lacks with FAILED_PRECONDITION naming it. */
  public static ServerInterceptor interceptor(String account) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = "grpc " + call.getMethodDescriptor().getFullMethodName();
        if (!listed(account, method)) {
          call.close(
              Status.FAILED_PRECONDITION.withDescription(unlisted(account, method)),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  /** Answers every HTTP call the account's list lacks with 418 and a body naming it. */
  public static StubRequestFilterV2 wireMockFilter(String account) {
    return new StubRequestFilterV2() {
      @Override
      public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        // Google's HTTP client sends PATCH as POST with this header; the API method is the PATCH.
        String override = request.getHeader("X-HTTP-Method-Override");
        String verb = override != null ? override : request.getMethod().getName();
        String call = verb + " " + URI.create(request.getUrl()).getPath();
        if (listed(account, call)) {
          return RequestFilterAction.continueWith(request);
        }
        return RequestFilterAction.stopWith(
            ResponseDefinitionBuilder.responseDefinition()
                .withStatus(418)
                .withBody(unlisted(account, call))
                .build());
      }

      @Override
      public String getName() {
        return "google-api-methods-" + account;
      }
    };
  }

  private static boolean matches(String listed, String call) {
    StringBuilder regex = new StringBuilder();
    for (String part : listed.split("((?<=\\*)|(?=\\*))")) {
      regex.append(part.equals("*") ? "[^/]+" : Pattern.quote(part));
    }
    // "**" became two one-segment wildcards in a row: any rest of the path.
    String pattern = regex.toString().replace("[^/]+[^/]+", ".+");
    return call.matches(pattern);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> load() {
    try (InputStream in = Files.newInputStream(FILE)) {
      Map<String, Object> root = new Yaml().load(in);
      Map<String, List<Map<String, Object>>> accounts =
          (Map<String, List<Map<String, Object>>>) root.get("accounts");
      Map<String, List<String>> calls = new java.util.LinkedHashMap<>();
      accounts.forEach(
          (account, methods) -> {
            List<String> list = new ArrayList<>();
            methods.forEach(method -> list.add((String) method.get("call")));
            calls.put(account, list);
          });
      return calls;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
