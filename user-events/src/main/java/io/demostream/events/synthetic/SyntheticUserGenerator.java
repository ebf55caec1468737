package io.demostream.events.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic generator of users in exactly the randomuser.me API 1.4 shape, credentials included
 * (so the ingest path that removes them is exercised offline too).
 *
 * <p>The same seed and reference time yield the same sequence. The spread follows the real API:
 * genders about half and half, the API's 21 nationalities evenly, ages 18 to 80 (the API's
 * date-of-birth range), and registration 0 to 21 years before the reference time. Not thread-safe:
 * one generator per thread.
 */
public final class SyntheticUserGenerator {

  /** Reference time used when none is given, so seeds alone reproduce a sequence. */
  public static final Instant DEFAULT_REFERENCE_TIME = Instant.parse("2026-01-01T00:00:00Z");

  static final int MIN_AGE = 18;
  static final int MAX_AGE = 80;
  static final int MAX_REGISTERED_AGE = 21;

  private static final long DAYS_PER_YEAR = 365;
  private static final DateTimeFormatter API_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> MALE_FIRST_NAMES =
      List.of("Necati", "Lucas", "Oliver", "Mathis", "Jesús", "Aarav", "Nikolai", "Sebastian");
  private static final List<String> FEMALE_FIRST_NAMES =
      List.of("Emma", "Ayşe", "Léa", "Sofía", "Ingrid", "Aaliyah", "Mia", "Zoë");
  private static final List<String> LAST_NAMES =
      List.of(
          "Barbarosoğlu", "Müller", "García", "Johansen", "Smith", "Kumar", "Dubois", "Petrović");
  private static final List<String> STREETS =
      List.of(
          "Vatan Cd", "Main Street", "Rue de la Paix", "Hauptstraße", "Calle Mayor", "Kirkegata");
  private static final Nationality[] NATIONALITIES = Nationality.values();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SplittableRandom random;
  private final long seed;
  private final Instant referenceTime;

  public SyntheticUserGenerator(long seed) {
    this(seed, DEFAULT_REFERENCE_TIME);
  }

  /**
   * @param referenceTime the "now" that ages and registration dates are computed from
   */
  public SyntheticUserGenerator(long seed, Instant referenceTime) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.referenceTime = referenceTime;
  }

  /** The next user record. */
  public ObjectNode nextUser() {
    boolean male = random.nextBoolean();
    return nextUser(male, NATIONALITIES[random.nextInt(NATIONALITIES.length)]);
  }

  /**
   * The next user record drawn from {@code mix}: a woman with probability {@code
   * mix.femaleShare()}, the nationality by the mix's weights. A scenario's source calls this one.
   */
  public ObjectNode nextUser(UserMix mix) {
    boolean male = random.nextDouble() >= mix.femaleShare();
    return nextUser(male, NATIONALITIES[mix.nationality(random.nextDouble())]);
  }

  private ObjectNode nextUser(boolean male, Nationality nat) {
    String first = pick(male ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
    String last = pick(LAST_NAMES);

    ObjectNode user = NODES.objectNode();
    user.put("gender", male ? "male" : "female");
    ObjectNode name = user.putObject("name");
    name.put("title", male ? "Mr" : pick(List.of("Ms", "Mrs", "Miss")));
    name.put("first", first);
    name.put("last", last);

    ObjectNode location = user.putObject("location");
    ObjectNode street = location.putObject("street");
    street.put("number", 1 + random.nextInt(9999));
    street.put("name", pick(STREETS));
    location.put("city", pick(nat.states()) + " City");
    location.put("state", pick(nat.states()));
    location.put("country", nat.country());
    // The real API sends numeric postcodes for some countries and strings for others.
    if (random.nextBoolean()) {
      location.put("postcode", 10000 + random.nextInt(89999));
    } else {
      location.put(
          "postcode",
          "P" + (1000 + random.nextInt(8999)) + " " + (char) ('A' + random.nextInt(26)));
    }
    ObjectNode coordinates = location.putObject("coordinates");
    coordinates.put("latitude", String.format(Locale.ROOT, "%.4f", random.nextDouble(-90, 90)));
    coordinates.put("longitude", String.format(Locale.ROOT, "%.4f", random.nextDouble(-180, 180)));
    ObjectNode timezone = location.putObject("timezone");
    timezone.put("offset", "+1:00");
    timezone.put("description", "Brussels, Copenhagen, Madrid, Paris");

    String email =
        (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + "@example.com";
    user.put("email", email);

    byte[] secret = new byte[32];
    ObjectNode login = user.putObject("login");
    login.put("uuid", new UUID(random.nextLong(), random.nextLong()).toString());
    login.put(
        "username",
        pick(List.of("purple", "silver", "happy", "lazy")) + "koala" + random.nextInt(1000));
    login.put("password", "secret" + random.nextInt(100000));
    login.put("salt", hex(secret, 4));
    login.put("md5", hex(secret, 16));
    login.put("sha1", hex(secret, 20));
    login.put("sha256", hex(secret, 32));

    int age = MIN_AGE + random.nextInt(MAX_AGE - MIN_AGE + 1);
    putDated(user.putObject("dob"), age);
    int registeredAge = random.nextInt(MAX_REGISTERED_AGE + 1);
    putDated(user.putObject("registered"), registeredAge);

    user.put("phone", phone());
    user.put("cell", phone());
    ObjectNode id = user.putObject("id");
    id.put("name", nat.name());
    if (random.nextInt(4) == 0) {
      id.putNull("value"); // the real API sends null ids for some nationalities
    } else {
      id.put("value", Integer.toString(100000000 + random.nextInt(899999999)));
    }
    ObjectNode picture = user.putObject("picture");
    String folder = male ? "men" : "women";
    int portrait = random.nextInt(100);
    picture.put("large", "https://randomuser.me/api/portraits/" + folder + "/" + portrait + ".jpg");
    picture.put(
        "medium", "https://randomuser.me/api/portraits/med/" + folder + "/" + portrait + ".jpg");
    picture.put(
        "thumbnail",
        "https://randomuser.me/api/portraits/thumb/" + folder + "/" + portrait + ".jpg");
    user.put("nat", nat.name());
    return user;
  }

  /**
   * A whole API response body, {@code {"results":[...],"info":{...}}}, with {@code count} users.
   */
  public ObjectNode nextResponse(int count) {
    ObjectNode response = NODES.objectNode();
    ArrayNode results = response.putArray("results");
    for (int i = 0; i < count; i++) {
      results.add(nextUser());
    }
    ObjectNode info = response.putObject("info");
    info.put("seed", Long.toHexString(seed));
    info.put("results", count);
    info.put("page", 1);
    info.put("version", "1.4");
    return response;
  }

  private void putDated(ObjectNode node, int yearsAgo) {
    // A date inside the year that makes the age exactly yearsAgo at the reference time.
    long days = yearsAgo * DAYS_PER_YEAR + random.nextLong(1, DAYS_PER_YEAR - 1);
    Instant date =
        referenceTime.minus(Duration.ofDays(days)).minusMillis(random.nextLong(86_400_000));
    node.put("date", API_DATE.format(date));
    node.put("age", yearsAgo);
  }

  private String phone() {
    return String.format(
        Locale.ROOT,
        "(%03d)-%03d-%04d",
        random.nextInt(1000),
        random.nextInt(1000),
        random.nextInt(10000));
  }

  private String hex(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) random.nextInt(256);
    }
    return HexFormat.of().formatHex(buffer, 0, length);
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
