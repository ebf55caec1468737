/**
 * Test fakes shared by the ingest tests: an in-process Pub/Sub publisher service, whose every call
 * is checked against {@code deploy/iam/api-methods.yaml} ({@link
 * io.demostream.ingest.testing.GoogleApiMethods}).
 */
package io.demostream.ingest.testing;
