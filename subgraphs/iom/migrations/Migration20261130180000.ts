import { Migration } from '@mikro-orm/migrations';

const HAVERING = "London Borough of Havering, Community Safety Partnership IOM report 2017, Table 1 (DRR and ATR targets)";
const HOME_OFFICE = 'Home Office, The economic and social costs of crime, second edition (Research Report 99, Heeks, Reed, Tafsiri and Prince, July 2018), Table 1';

/** Police crime type → the Home Office report's category and unit cost per crime (2015/16 prices). */
const UNIT_COSTS: [string, string, number][] = [
  ['BURGLARY_RESIDENTIAL', 'Domestic burglary', 5930],
  ['ROBBERY_PERSONAL', 'Robbery', 11320],
  ['THEFT_FROM_THE_PERSON', 'Theft from the person', 1380],
  ['THEFT_OF_MOTOR_VEHICLE', 'Theft of vehicle', 10290],
  ['THEFT_FROM_MOTOR_VEHICLE', 'Theft from vehicle', 870],
  ['VIOLENCE_WITH_INJURY', 'Violence with injury', 14050],
  ['VIOLENCE_WITHOUT_INJURY', 'Violence without injury', 5930],
  ['STALKING_AND_HARASSMENT', 'Violence without injury', 5930],
  ['SEXUAL_OFFENCES', 'Other sexual offences', 6520],
  ['CRIMINAL_DAMAGE_AND_ARSON', 'Criminal damage (other than arson)', 1350],
];

export class Migration20261130180000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "iom_requirement_target" ("requirement_type" text not null check ("requirement_type" in ('DRUG_REHABILITATION', 'ALCOHOL_TREATMENT')), "financial_year" int not null, "starts_target" int not null check ("starts_target" >= 0), "completions_target" int not null check ("completions_target" >= 0), "source" text not null, constraint "iom_requirement_target_pkey" primary key ("requirement_type", "financial_year"));`);
    this.addSql(`create table "iom_crime_unit_cost" ("crime_type" text not null, "cost_category" text not null, "unit_cost_pounds" int not null check ("unit_cost_pounds" >= 0), "price_year" text not null, "source" text not null, constraint "iom_crime_unit_cost_pkey" primary key ("crime_type"));`);
    // Havering's targets for 2016-17 and the year after (its table's "Q2 2017" rows).
    this.addSql(`insert into "iom_requirement_target" ("requirement_type", "financial_year", "starts_target", "completions_target", "source") values
      ('DRUG_REHABILITATION', 2016, 34, 17, '${HAVERING}'), ('ALCOHOL_TREATMENT', 2016, 28, 16, '${HAVERING}'),
      ('DRUG_REHABILITATION', 2017, 34, 17, '${HAVERING}'), ('ALCOHOL_TREATMENT', 2017, 28, 16, '${HAVERING}');`);
    this.addSql(`insert into "iom_crime_unit_cost" ("crime_type", "cost_category", "unit_cost_pounds", "price_year", "source") values
      ${UNIT_COSTS.map(([type, category, cost]) => `('${type}', '${category}', ${cost}, '2015/16', '${HOME_OFFICE}')`).join(',\n      ')};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "iom_crime_unit_cost";`);
    this.addSql(`drop table if exists "iom_requirement_target";`);
  }

}
