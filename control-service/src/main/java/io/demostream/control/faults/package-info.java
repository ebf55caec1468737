/**
 * The one classification of faults of Google Cloud and the JDBC databases ({@link
 * io.demostream.control.faults.Faults}): whether a failed call is worth repeating, and which kind
 * of fault it is. Retries (provisioning, the Dataflow Jobs API) and the REST answer read it alike.
 * Depends on no other package of the service.
 */
package io.demostream.control.faults;
