package io.demostream.control.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.storage.StorageException;
import io.grpc.Status;
import java.net.SocketTimeoutException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** The one classification over the cases that used to disagree, and the rest. */
class FaultsTests {

  static Stream<Arguments> faults() {
    return Stream.of(
        // BigQuery reports rate and quota limits as 403 with a reason: a limit, not a refusal.
        Arguments.of(
            "403 rateLimitExceeded", bigQuery(403, "rateLimitExceeded"), FaultKind.QUOTA_EXCEEDED),
        Arguments.of("403 quotaExceeded", bigQuery(403, "quotaExceeded"), FaultKind.QUOTA_EXCEEDED),
        Arguments.of(
            "403 accessDenied", bigQuery(403, "accessDenied"), FaultKind.PERMISSION_DENIED),
        Arguments.of(
            "403 without reason",
            new BigQueryException(403, "denied"),
            FaultKind.PERMISSION_DENIED),
        Arguments.of("429", new StorageException(429, "slow down"), FaultKind.QUOTA_EXCEEDED),
        Arguments.of("404", bigQuery(404, "notFound"), FaultKind.NOT_FOUND),
        Arguments.of("409", bigQuery(409, "duplicate"), FaultKind.CONFLICT),
        Arguments.of("400", bigQuery(400, "invalid"), FaultKind.INVALID),
        Arguments.of("500", new StorageException(500, "backend error"), FaultKind.UNAVAILABLE),
        Arguments.of("503", bigQuery(503, "backendError"), FaultKind.UNAVAILABLE),
        Arguments.of(
            "no answer (0)",
            new StorageException(new SocketTimeoutException("Read timed out")),
            FaultKind.UNAVAILABLE),
        Arguments.of("gRPC UNAVAILABLE", grpc(Status.Code.UNAVAILABLE), FaultKind.UNAVAILABLE),
        Arguments.of(
            "gRPC DEADLINE_EXCEEDED", grpc(Status.Code.DEADLINE_EXCEEDED), FaultKind.UNAVAILABLE),
        Arguments.of(
            "gRPC RESOURCE_EXHAUSTED",
            grpc(Status.Code.RESOURCE_EXHAUSTED),
            FaultKind.QUOTA_EXCEEDED),
        Arguments.of(
            "gRPC PERMISSION_DENIED",
            grpc(Status.Code.PERMISSION_DENIED),
            FaultKind.PERMISSION_DENIED),
        Arguments.of("gRPC NOT_FOUND", grpc(Status.Code.NOT_FOUND), FaultKind.NOT_FOUND),
        Arguments.of("gRPC ALREADY_EXISTS", grpc(Status.Code.ALREADY_EXISTS), FaultKind.CONFLICT),
        Arguments.of(
            "gRPC INVALID_ARGUMENT", grpc(Status.Code.INVALID_ARGUMENT), FaultKind.INVALID),
        Arguments.of(
            "JDBC transient connection",
            new SQLTransientConnectionException("pool timed out"),
            FaultKind.UNAVAILABLE),
        Arguments.of(
            "JDBC no connection",
            new CannotGetJdbcConnectionException("down", new java.sql.SQLException("refused")),
            FaultKind.UNAVAILABLE),
        Arguments.of(
            "JDBC query timeout", new QueryTimeoutException("timed out"), FaultKind.UNAVAILABLE),
        Arguments.of(
            "JDBC bad SQL",
            new BadSqlGrammarException("create", "CREATE VIEW x", new SQLSyntaxErrorException("x")),
            FaultKind.OTHER),
        Arguments.of(
            "JDBC constraint",
            new DataIntegrityViolationException(
                "dup", new SQLIntegrityConstraintViolationException("dup")),
            FaultKind.OTHER),
        Arguments.of("not a cloud fault", new IllegalStateException("bug"), FaultKind.OTHER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void classifiesEachFault(String name, Throwable fault, FaultKind expected) {
    assertThat(Faults.classify(fault)).isEqualTo(expected);
    assertThat(Faults.isTransient(fault)).isEqualTo(expected.retryable());
  }

  @Test
  void onlyLimitsAndOutagesAreRetried() {
    assertThat(FaultKind.values())
        .filteredOn(FaultKind::retryable)
        .containsExactlyInAnyOrder(FaultKind.QUOTA_EXCEEDED, FaultKind.UNAVAILABLE);
  }

  @Test
  void theCauseChainIsSearchedForTheFault() {
    Throwable wrapped =
        new IllegalStateException("provisioning failed", bigQuery(403, "rateLimitExceeded"));
    assertThat(Faults.classify(wrapped)).isEqualTo(FaultKind.QUOTA_EXCEEDED);
  }

  @Test
  void grpcRetryCodesFollowTheClassification() {
    assertThat(Faults.retryableGrpcCodes())
        .contains(
            StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED,
            StatusCode.Code.RESOURCE_EXHAUSTED)
        .doesNotContain(
            StatusCode.Code.PERMISSION_DENIED,
            StatusCode.Code.NOT_FOUND,
            StatusCode.Code.INVALID_ARGUMENT,
            StatusCode.Code.ALREADY_EXISTS);
  }

  private static BigQueryException bigQuery(int code, String reason) {
    return new BigQueryException(code, reason, new BigQueryError(reason, "global", reason));
  }

  private static Throwable grpc(Status.Code code) {
    return ApiExceptionFactory.createException(
        new RuntimeException(code.name()), GrpcStatusCode.of(code), false);
  }
}
