/**
 * The names of the Google Cloud resources the pipeline uses, shared by the resources, jobs and
 * reconcile features: the Pub/Sub topic and subscription, the Cloud Storage bucket.
 */
package io.demostream.control.cloud;
