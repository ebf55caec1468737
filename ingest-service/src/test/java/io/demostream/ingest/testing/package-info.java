/** Test fakes shared by the ingest tests: an in-process Pub/Sub publisher service. */
package io.demostream.ingest.testing;
