package io.demostream.support.problem;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Both services answer a bad request in this one shape: 400 {@code invalid-request} naming the
 * {@code field}, with every error in {@code errors} for bean validation; {@code malformed-request}
 * for a body that is not JSON.
 */
class ProblemExceptionHandlerTests {

  private MockMvc mvc;

  @BeforeEach
  void setUp() {
    mvc =
        MockMvcBuilders.standaloneSetup(new TestController())
            .setControllerAdvice(new TestAdvice())
            .build();
  }

  @Test
  void beanValidationNamesTheFirstFieldAndListsEveryError() throws Exception {
    mvc.perform(body("{\"results\":6000,\"name\":\"\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("name"))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[1].field").value("results"))
        .andExpect(jsonPath("$.errors[1].message").value("must be less than or equal to 5000"))
        .andExpect(
            jsonPath("$.detail")
                .value("name must not be blank; results must be less than or equal to 5000"));
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() throws Exception {
    mvc.perform(body("{\"results\":\"lots\",\"name\":\"a\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("results"));
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() throws Exception {
    mvc.perform(body("{\"results\":"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:malformed-request"))
        .andExpect(jsonPath("$.field").doesNotExist());
  }

  @Test
  void invalidRequestExceptionCarriesItsFieldAndDetail() throws Exception {
    mvc.perform(get("/invalid"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("scenario.period"))
        .andExpect(jsonPath("$.detail").value("scenario.period must be PT1S to P7D"));
  }

  @Test
  void aMissingOrMistypedParameterNamesIt() throws Exception {
    mvc.perform(get("/param"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("count"));
    mvc.perform(get("/param?count=many"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("count"));
  }

  private static org.springframework.test.web.servlet.RequestBuilder body(String json) {
    return post("/body").contentType(MediaType.APPLICATION_JSON).content(json);
  }

  record Body(@Max(5000) Integer results, @NotBlank String name) {}

  @RestController
  static class TestController {

    @PostMapping("/body")
    String body(@Valid @RequestBody Body body) {
      return "ok";
    }

    @GetMapping("/invalid")
    String invalid() {
      throw InvalidRequestException.of("scenario.period", "must be PT1S to P7D");
    }

    @GetMapping("/param")
    String param(@RequestParam int count) {
      return "ok";
    }
  }

  @RestControllerAdvice
  static class TestAdvice extends ProblemExceptionHandler {}
}
