package io.demostream.events.synthetic;

import java.util.List;

/**
 * The nationalities randomuser.me serves (API 1.4), with the country and some states it pairs them
 * with.
 */
enum Nationality {
  AU("Australia", "Victoria", "New South Wales", "Queensland", "Western Australia", "Tasmania"),
  BR("Brazil", "São Paulo", "Bahia", "Minas Gerais", "Paraná", "Pernambuco"),
  CA("Canada", "Ontario", "Québec", "British Columbia", "Alberta", "Nova Scotia"),
  CH("Switzerland", "Zürich", "Genève", "Bern", "Vaud", "Ticino"),
  DE("Germany", "Bayern", "Berlin", "Hamburg", "Sachsen", "Hessen"),
  DK("Denmark", "Hovedstaden", "Midtjylland", "Syddanmark", "Sjælland", "Nordjylland"),
  ES("Spain", "Madrid", "Cataluña", "Andalucía", "Galicia", "Aragón"),
  FI("Finland", "Uusimaa", "Lapland", "Pirkanmaa", "Satakunta", "Kainuu"),
  FR("France", "Paris", "Gironde", "Rhône", "Bouches-du-Rhône", "Nord"),
  GB("United Kingdom", "Greater London", "Merseyside", "Kent", "Devon", "Tayside"),
  IE("Ireland", "Dublin City", "Cork", "Galway", "Kerry", "Limerick"),
  IN("India", "Maharashtra", "Karnataka", "Kerala", "Punjab", "Gujarat"),
  IR("Iran", "Tehran", "Isfahan", "Fars", "Gilan", "Khuzestan"),
  MX("Mexico", "Jalisco", "Yucatán", "Nuevo León", "Puebla", "Oaxaca"),
  NL("Netherlands", "Noord-Holland", "Utrecht", "Zeeland", "Friesland", "Limburg"),
  NO("Norway", "Oslo", "Vestland", "Nordland", "Rogaland", "Troms"),
  NZ("New Zealand", "Auckland", "Canterbury", "Otago", "Waikato", "Wellington"),
  RS("Serbia", "Beograd", "Vojvodina", "Šumadija", "Raška", "Zlatibor"),
  TR("Turkey", "İstanbul", "Ankara", "İzmir", "Çanakkale", "Antalya"),
  UA("Ukraine", "Kiyivska", "Lvivska", "Odeska", "Harkivska", "Zakarpatska"),
  US("United States", "California", "Texas", "New York", "Florida", "Ohio");

  private final String country;
  private final List<String> states;

  Nationality(String country, String... states) {
    this.country = country;
    this.states = List.of(states);
  }

  String country() {
    return country;
  }

  List<String> states() {
    return states;
  }
}
