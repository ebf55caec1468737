package io.demostream.control.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.warehouse.ForecastTables;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code tableau/demostream.tds} is well-formed XML, connects to BigQuery, and reads only the
 * {@code latest_*} views that {@link WarehouseViews} defines and the forecast tables of {@link
 * ForecastTables}, every one of them, in one project and dataset; every relation is an object of
 * its relationships graph, and each forecast table is related to another object.
 */
class TableauDataSourceTests {

  static final Path TDS = Path.of("..", "tableau", "demostream.tds");
  static final Pattern TABLE = Pattern.compile("\\[([^\\]]+)]\\.\\[([^\\]]+)]\\.\\[([^\\]]+)]");

  @Test
  void dataSourceReadsTheLatestViewsOnBigQuery() throws Exception {
    assertThat(TDS).exists();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(Files.newInputStream(TDS));

    assertThat(document.getDocumentElement().getTagName()).isEqualTo("datasource");
    List<Element> connections = elements(document, "connection");
    List<Element> bigQuery =
        connections.stream().filter(c -> c.getAttribute("class").equals("bigquery")).toList();
    assertThat(bigQuery).hasSize(1);
    String project = bigQuery.get(0).getAttribute("project");
    String dataset = bigQuery.get(0).getAttribute("schema");
    assertThat(project).isNotBlank();
    assertThat(dataset).isNotBlank();
    assertThat(bigQuery.get(0).getAttribute("CATALOG")).isEqualTo(project);

    Set<String> views =
        WarehouseViews.ALL.stream().map(WarehouseView::name).collect(Collectors.toSet());
    Set<String> forecasts =
        ForecastTables.ALL.stream().map(WarehouseTable::name).collect(Collectors.toSet());
    Set<String> readable = new java.util.HashSet<>(views);
    readable.addAll(forecasts);
    List<Element> relations =
        elements(document, "relation").stream()
            .filter(r -> r.getAttribute("type").equals("table"))
            .toList();
    assertThat(relations).isNotEmpty();
    for (Element relation : relations) {
      Matcher table = TABLE.matcher(relation.getAttribute("table"));
      assertThat(table.matches()).as(relation.getAttribute("table")).isTrue();
      assertThat(table.group(1))
          .as("project of %s", relation.getAttribute("name"))
          .isEqualTo(project);
      assertThat(table.group(2))
          .as("dataset of %s", relation.getAttribute("name"))
          .isEqualTo(dataset);
      assertThat(readable)
          .as("views of WarehouseViews, tables of ForecastTables")
          .contains(table.group(3));
      assertThat(relation.getAttribute("name")).isEqualTo(table.group(3));
    }
    assertThat(relations.stream().map(r -> r.getAttribute("name")).collect(Collectors.toSet()))
        .as("every latest_* view and forecast table is in the data source")
        .isEqualTo(readable);

    Set<String> objects =
        elements(document, "object").stream()
            .map(o -> o.getAttribute("id"))
            .collect(Collectors.toSet());
    assertThat(objects).as("every relation is an object of the graph").isEqualTo(readable);
    Set<String> related = new java.util.HashSet<>();
    for (Element endPoint : elements(document, "first-end-point")) {
      related.add(endPoint.getAttribute("object-id"));
    }
    for (Element endPoint : elements(document, "second-end-point")) {
      related.add(endPoint.getAttribute("object-id"));
    }
    assertThat(related).as("every object is related to another").isEqualTo(readable);
  }

  @Test
  void forecastFieldsNameColumnsOfTheForecastTables() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(Files.newInputStream(TDS));
    Set<String> columns = new java.util.HashSet<>();
    ForecastTables.ALL.forEach(table -> columns.addAll(table.columnNames()));
    Pattern field = Pattern.compile("\\[([a-z_]+)(?: \\((forecast_[a-z]+)\\))?]");
    List<String> unknown = new ArrayList<>();
    for (Element column : elements(document, "column")) {
      Matcher name = field.matcher(column.getAttribute("name"));
      if (name.matches() && name.group(2) != null) {
        // A field of a forecast table Tableau disambiguates by its table: the table has it.
        ForecastTables.ALL.stream()
            .filter(t -> t.name().equals(name.group(2)))
            .findFirst()
            .ifPresentOrElse(
                t -> {
                  if (!t.columnNames().contains(name.group(1))) {
                    unknown.add(column.getAttribute("name"));
                  }
                },
                () -> unknown.add(column.getAttribute("name")));
      }
    }
    assertThat(unknown).isEmpty();
    // The forecast's own fields are there.
    assertThat(elements(document, "column").stream().map(c -> c.getAttribute("name")).toList())
        .contains(
            "[window_start (forecast_points)]",
            "[lower]",
            "[upper]",
            "[probability]",
            "[threshold]",
            "[Calculation_anomaly]",
            "[Calculation_latest_forecast]");
    assertThat(columns).contains("lower", "upper", "probability", "threshold");
  }

  private static List<Element> elements(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }
}
