/**
 * What is truly cross-cutting: the lazily created Google clients, the OpenAPI document, and the API
 * security settings. Features keep their own properties and {@code @Configuration}; this package
 * imports no feature package (checked by {@code ConfigPackageTests}).
 */
package io.demostream.control.config;
