package io.demostream.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract's CSV file format of users: a header line naming {@link #COLUMNS} (any order, a
 * subset that includes {@link #REQUIRED_COLUMNS}), then one user per line. Each line becomes a
 * {@link UserEventLine}: the record in the API's shape (only the analytic fields and {@code
 * login.uuid}), with {@code event_time} and {@code event_id} as attributes when their cells are not
 * empty. The record is then validated by {@link UserRecordReader} like any other, so a CSV user
 * fails exactly where an API user with the same values would.
 *
 * <p>Cells are separated by commas; a cell may be quoted with {@code "} (a quote inside doubled,
 * {@code ""}); a quoted cell cannot span lines. An empty cell is an absent field. An age that is
 * not an integer is kept as text, so validation reports it as the wrong type.
 */
public final class UserCsv {

  /** Every column the format knows, in the order a writer should use. */
  public static final List<String> COLUMNS =
      List.of(
          UserEventAttributes.EVENT_TIME,
          UserEventAttributes.EVENT_ID,
          "gender",
          "dob.date",
          "dob.age",
          "registered.date",
          "registered.age",
          "location.country",
          "location.state",
          "nat",
          "login.uuid");

  /** The columns a header must have: what the warehouse counts. */
  public static final Set<String> REQUIRED_COLUMNS =
      Set.of("gender", "dob.age", "registered.age", "location.country");

  private static final Set<String> AGE_COLUMNS = Set.of("dob.age", "registered.age");

  private final List<String> header;

  private UserCsv(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** The column names of this file, in its order. */
  public List<String> header() {
    return header;
  }

  /** Reads a header line; invalid when it names an unknown column, repeats one or lacks one. */
  public static Validated<UserCsv> header(String line) {
    Validated<List<String>> cells = split(line);
    if (!cells.isValid()) {
      return Validated.invalid(cells.errors());
    }
    List<String> names = cells.value().stream().map(String::trim).toList();
    List<ValidationError> errors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String name : names) {
      if (!COLUMNS.contains(name)) {
        errors.add(
            new ValidationError(
                "header",
                ValidationError.Reason.UNSUPPORTED_VALUE,
                "unknown column '" + name + "'; known columns: " + String.join(",", COLUMNS)));
      } else if (seen.merge(name, 1, Integer::sum) > 1) {
        errors.add(
            new ValidationError(
                "header", ValidationError.Reason.UNSUPPORTED_VALUE, "column '" + name + "' twice"));
      }
    }
    REQUIRED_COLUMNS.stream()
        .filter(required -> !names.contains(required))
        .sorted()
        .forEach(
            missing ->
                errors.add(
                    new ValidationError(
                        "header",
                        ValidationError.Reason.MISSING,
                        "column '" + missing + "' is required")));
    return errors.isEmpty() ? Validated.valid(new UserCsv(names)) : Validated.invalid(errors);
  }

  /**
   * Reads one line after the header into a line of the JSONL format; never throws. Invalid only
   * when the line does not split into the header's cells; the record itself is not validated here.
   */
  public Validated<UserEventLine> read(String line) {
    Validated<List<String>> split = split(line);
    if (!split.isValid()) {
      return Validated.invalid(split.errors());
    }
    List<String> cells = split.value();
    if (cells.size() != header.size()) {
      return Validated.invalid(
          new ValidationError(
              "$",
              ValidationError.Reason.INVALID_CSV,
              "expected " + header.size() + " cells as in the header, got " + cells.size()));
    }
    ObjectNode record = Json.MAPPER.createObjectNode();
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      String column = header.get(i);
      String value = cells.get(i).trim();
      if (value.isEmpty()) {
        continue;
      }
      if (column.equals(UserEventAttributes.EVENT_TIME)
          || column.equals(UserEventAttributes.EVENT_ID)) {
        attributes.put(column, value);
        continue;
      }
      int dot = column.indexOf('.');
      ObjectNode parent = dot < 0 ? record : section(record, column.substring(0, dot));
      String field = dot < 0 ? column : column.substring(dot + 1);
      if (AGE_COLUMNS.contains(column) && isInteger(value)) {
        parent.put(field, Long.parseLong(value));
      } else {
        parent.put(field, value);
      }
    }
    return Validated.valid(new UserEventLine(attributes, record));
  }

  private static ObjectNode section(ObjectNode record, String name) {
    return record.get(name) instanceof ObjectNode existing ? existing : record.putObject(name);
  }

  private static boolean isInteger(String value) {
    if (value.length() > 18) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(Character.isDigit(c) || (i == 0 && c == '-' && value.length() > 1))) {
        return false;
      }
    }
    return true;
  }

  /** Splits one line into cells (RFC 4180 quoting, within one line). */
  static Validated<List<String>> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          cell.append(c);
        }
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        afterQuote = false;
      } else if (c == '"' && cell.toString().isBlank() && !afterQuote) {
        cell.setLength(0);
        quoted = true;
      } else if (afterQuote && !Character.isWhitespace(c)) {
        return Validated.invalid(
            new ValidationError(
                "$",
                ValidationError.Reason.INVALID_CSV,
                "text after the closing quote of cell " + (cells.size() + 1)));
      } else if (c != '\r' || i != line.length() - 1) {
        cell.append(c);
      }
    }
    if (quoted) {
      return Validated.invalid(
          new ValidationError(
              "$",
              ValidationError.Reason.INVALID_CSV,
              "cell " + (cells.size() + 1) + " opens a quote that the line never closes"));
    }
    cells.add(cell.toString());
    return Validated.valid(cells);
  }
}
