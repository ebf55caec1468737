package io.demostream.control.insights;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code latest_*} views that {@link WarehouseViews} defines, in one project and dataset.
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
      assertThat(views).as("views of WarehouseViews").contains(table.group(3));
      assertThat(relation.getAttribute("name")).isEqualTo(table.group(3));
    }
    assertThat(relations.stream().map(r -> r.getAttribute("name")).collect(Collectors.toSet()))
        .as("every latest_* view is in the data source")
        .isEqualTo(views);
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
