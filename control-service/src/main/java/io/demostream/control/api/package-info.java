/**
 * Cross-cutting REST concerns: the one {@link io.demostream.control.api.ApiExceptionHandler} that
 * turns every error into an RFC 7807 problem (types from service-support), and the exceptions
 * features throw to answer 400, 404 and 409.
 */
package io.demostream.control.api;
