package io.demostream.events;

/**
 * The fields of one API user record that the contract reads, after validation. Everything else in
 * the record is carried through ingest untouched and never read by the pipeline.
 *
 * @param loginUuid {@code login.uuid}, or null when the caller excluded {@code login}
 * @param state {@code location.state}, or null when absent
 * @param nationality {@code nat}, or null when absent
 */
public record UserFields(
    Gender gender,
    int age,
    int registeredAge,
    String country,
    String state,
    String nationality,
    String loginUuid) {}
