/**
 * Test utilities shared by the control-service's tests, so that no test copies another's set-up:
 * {@link io.demostream.control.testing.ApiSliceTest} (a {@code @WebMvcTest} of one controller with
 * the service's problems and security), {@link io.demostream.control.testing.MutableClock}, {@link
 * io.demostream.control.testing.TestWarehouses} (JDBC warehouses as the local deployment opens
 * them), {@link io.demostream.control.testing.FakeGoogleApis} (WireMock as Google's REST APIs, the
 * real clients pointed at it, BigQuery's query answers), the in-process Cloud Monitoring fake, and
 * the check of every Google API call a fake receives against {@code deploy/iam/api-methods.yaml}.
 */
package io.demostream.control.testing;
