import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223423 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "police_arrest" ("id" uuid not null default gen_random_uuid(), "pnc_id" text not null, "arrested_on" date not null, "crime_type" text check ("crime_type" in ('BURGLARY_RESIDENTIAL', 'BURGLARY_BUSINESS', 'ROBBERY_PERSONAL', 'ROBBERY_BUSINESS', 'THEFT_FROM_THE_PERSON', 'THEFT_OF_MOTOR_VEHICLE', 'THEFT_FROM_MOTOR_VEHICLE', 'VEHICLE_INTERFERENCE', 'SHOPLIFTING', 'BICYCLE_THEFT', 'OTHER_THEFT', 'VIOLENCE_WITH_INJURY', 'VIOLENCE_WITHOUT_INJURY', 'STALKING_AND_HARASSMENT', 'SEXUAL_OFFENCES', 'CRIMINAL_DAMAGE_AND_ARSON', 'DRUG_POSSESSION', 'DRUG_TRAFFICKING', 'POSSESSION_OF_WEAPONS', 'PUBLIC_ORDER', 'MISCELLANEOUS_CRIMES_AGAINST_SOCIETY')) not null, "custody_suite" text not null, constraint "police_arrest_pkey" primary key ("id"));`);
    this.addSql(`create index "police_arrest_pnc_id_index" on "police_arrest" ("pnc_id");`);

    this.addSql(`create table "police_drug_test" ("id" uuid not null default gen_random_uuid(), "pnc_id" text not null, "arrest_id" uuid not null, "tested_on" date not null, "substance" text check ("substance" in ('OPIATES', 'COCAINE')) not null, "result" text check ("result" in ('POSITIVE', 'NEGATIVE', 'REFUSED')) not null, constraint "police_drug_test_pkey" primary key ("id"));`);
    this.addSql(`create index "police_drug_test_pnc_id_index" on "police_drug_test" ("pnc_id");`);

    this.addSql(`create table "police_home_visit" ("id" uuid not null default gen_random_uuid(), "pnc_id" text not null, "visited_on" date not null, "visit_type" text check ("visit_type" in ('IOM_OFFICER', 'NEIGHBOURHOOD_TEAM')) not null, "outcome" text check ("outcome" in ('SEEN', 'NOT_SEEN', 'NO_LONGER_AT_ADDRESS')) not null, constraint "police_home_visit_pkey" primary key ("id"));`);
    this.addSql(`create index "police_home_visit_pnc_id_index" on "police_home_visit" ("pnc_id");`);

    this.addSql(`create table "police_nominal" ("pnc_id" text not null, "local_reference" text not null, "policing_area" text not null, "neighbourhood" text not null, "date_of_birth" date not null, "mappa_category" smallint null, "mappa_level" smallint null, "in_custody" boolean not null, constraint "police_nominal_pkey" primary key ("pnc_id"));`);
    this.addSql(`alter table "police_nominal" add constraint "police_nominal_local_reference_unique" unique ("local_reference");`);
    this.addSql(`create index "police_nominal_policing_area_neighbourhood_index" on "police_nominal" ("policing_area", "neighbourhood");`);

    this.addSql(`create table "police_offence" ("id" uuid not null default gen_random_uuid(), "pnc_id" text not null, "committed_on" date not null, "crime_type" text check ("crime_type" in ('BURGLARY_RESIDENTIAL', 'BURGLARY_BUSINESS', 'ROBBERY_PERSONAL', 'ROBBERY_BUSINESS', 'THEFT_FROM_THE_PERSON', 'THEFT_OF_MOTOR_VEHICLE', 'THEFT_FROM_MOTOR_VEHICLE', 'VEHICLE_INTERFERENCE', 'SHOPLIFTING', 'BICYCLE_THEFT', 'OTHER_THEFT', 'VIOLENCE_WITH_INJURY', 'VIOLENCE_WITHOUT_INJURY', 'STALKING_AND_HARASSMENT', 'SEXUAL_OFFENCES', 'CRIMINAL_DAMAGE_AND_ARSON', 'DRUG_POSSESSION', 'DRUG_TRAFFICKING', 'POSSESSION_OF_WEAPONS', 'PUBLIC_ORDER', 'MISCELLANEOUS_CRIMES_AGAINST_SOCIETY')) not null, "outcome" text check ("outcome" in ('CHARGE', 'CAUTION', 'CONDITIONAL_CAUTION', 'COMMUNITY_RESOLUTION', 'NO_FURTHER_ACTION')) null, constraint "police_offence_pkey" primary key ("id"));`);
    this.addSql(`create index "police_offence_pnc_id_committed_on_index" on "police_offence" ("pnc_id", "committed_on");`);

    this.addSql(`create table "police_warning_marker" ("id" uuid not null default gen_random_uuid(), "pnc_id" text not null, "type" text check ("type" in ('VIOLENCE', 'WEAPONS', 'DRUGS', 'SELF_HARM', 'RISK_TO_STAFF')) not null, "recorded_on" date not null, constraint "police_warning_marker_pkey" primary key ("id"));`);
    this.addSql(`create index "police_warning_marker_pnc_id_index" on "police_warning_marker" ("pnc_id");`);
  }

}
