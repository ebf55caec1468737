/**
 * Test utilities shared by the control-service's tests: the in-process Cloud Monitoring fake and
 * the check of every Google API call a fake receives against {@code deploy/iam/api-methods.yaml}.
 */
package io.demostream.control.testing;
