package io.demostream.ingest.testing;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.yaml.snakeyaml.Yaml;

/**
 * The Google API methods {@code deploy/iam/api-methods.yaml} lists for the ingest-service's
 * account, which the in-process Pub/Sub fake checks every call against ({@link #interceptor}): a
 * call the file does not list fails with FAILED_PRECONDITION naming it and is recorded in {@link
 * #UNLISTED}. The file maps each method to the IAM permission it needs, and the k8s module's {@code
 * IamPermissionTests} checks the account's roles hold them: a new call cannot go unnoticed.
 */
public final class GoogleApiMethods {

  /** The ingest-service's service account in {@code deploy/iam}. */
  public static final String INGEST = "demostream-ingest";

  /** Calls received that the file does not list. */
  public static final List<String> UNLISTED = new CopyOnWriteArrayList<>();

  private static final Path FILE = Path.of("..", "deploy", "iam", "api-methods.yaml");
  private static final List<String> CALLS = load();

  private GoogleApiMethods() {}

  /** Whether the file lists the gRPC call ({@code grpc <package.Service>/<Method>}). */
  public static boolean listed(String call) {
    return CALLS.contains(call);
  }

  /** Fails every gRPC call the account's list lacks with FAILED_PRECONDITION naming it. */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = "grpc " + call.getMethodDescriptor().getFullMethodName();
        if (!listed(method)) {
          UNLISTED.add(method);
          call.close(
              Status.FAILED_PRECONDITION.withDescription(
                  "Google API call '"
                      + method
                      + "' is not in deploy/iam/api-methods.yaml for "
                      + INGEST
                      + ": add it with the IAM permission it needs"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static List<String> load() {
    try (InputStream in = Files.newInputStream(FILE)) {
      Map<String, Object> root = new Yaml().load(in);
      Map<String, List<Map<String, Object>>> accounts =
          (Map<String, List<Map<String, Object>>>) root.get("accounts");
      return accounts.getOrDefault(INGEST, List.of()).stream()
          .map(method -> (String) method.get("call"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
