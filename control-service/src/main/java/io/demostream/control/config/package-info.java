/**
 * Properties records, one per concern under {@code demostream.*}, and the {@code @Configuration}
 * that wires Google clients, security and OpenAPI. No behaviour lives here.
 */
package io.demostream.control.config;
