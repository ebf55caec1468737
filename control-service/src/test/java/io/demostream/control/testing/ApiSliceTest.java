package io.demostream.control.testing;

import io.demostream.control.api.ApiExceptionHandler;
import io.demostream.control.security.ApiSecurityConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@code @WebMvcTest} of one controller as the API serves it: the service's problems ({@link
 * ApiExceptionHandler}) and its security ({@link ApiSecurityConfiguration}) with the API token
 * {@value #TOKEN}, and nothing else scanned. The test imports its controller and what that needs,
 * e.g. {@code @ApiSliceTest @Import(JobsController.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WebMvcTest(
    useDefaultFilters = false,
    includeFilters =
        @Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = {ApiExceptionHandler.class}))
@Import(ApiSecurityConfiguration.class)
@TestPropertySource(properties = "demostream.security.api-token=" + ApiSliceTest.TOKEN)
public @interface ApiSliceTest {

  /** The API token the slice accepts. */
  String TOKEN = "right-token";
}
