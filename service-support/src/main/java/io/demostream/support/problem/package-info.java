/**
 * RFC 7807 problem details shared by both services: the one vocabulary of {@code type}s ({@link
 * io.demostream.support.problem.ProblemTypes}) and the field-path helper ({@link
 * io.demostream.support.problem.FieldPaths}). Each service keeps its own
 * {@code @RestControllerAdvice} for its own exceptions.
 */
package io.demostream.support.problem;
