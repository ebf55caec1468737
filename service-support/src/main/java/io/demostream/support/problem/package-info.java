/**
 * RFC 7807 problem details shared by both services: the one vocabulary of {@code type}s ({@link
 * io.demostream.support.problem.ProblemTypes}) and the field-path helper ({@link
 * io.demostream.support.problem.FieldPaths}), the one shape of a bad request ({@link
 * io.demostream.support.problem.ProblemExceptionHandler}, the base of each service's
 * {@code @RestControllerAdvice}) and the one invalid-request exception ({@link
 * io.demostream.support.problem.InvalidRequestException}).
 */
package io.demostream.support.problem;
