/**
 * Web plumbing both services share beyond problems and security: the OpenAPI document ({@link
 * io.demostream.support.web.OpenApiDocuments}).
 */
package io.demostream.support.web;
