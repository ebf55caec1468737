package io.demostream.events;

import java.time.Instant;

/**
 * The analytic projection of one user: the only fields that may reach the warehouse. Names,
 * e-mails, phones, street, coordinates, ids, pictures and login never appear here.
 *
 * @param state null when the record had none
 * @param nationality the API's {@code nat}, null when the record had none
 */
public record AnalyticUser(
    String eventId,
    Instant eventTime,
    Gender gender,
    int age,
    int registeredAge,
    String country,
    String state,
    String nationality,
    AgeBand ageBand) {}
