/**
 * The local deployment's settings ({@link io.demostream.control.local.LocalProperties}): the data
 * folder that holds the embedded warehouse and state database, and how the local launcher runs the
 * pipeline. Depends on no other package, so both the jobs and the warehouse features can read it.
 */
package io.demostream.control.local;
