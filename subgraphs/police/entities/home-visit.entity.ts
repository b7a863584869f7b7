import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { PoliceHomeVisitOutcome, PoliceHomeVisitType } from './enums';

@ObjectType('PoliceHomeVisit', { description: 'A police visit to a nominal’s home address.' })
@Entity({ tableName: 'police_home_visit' })
export class PoliceHomeVisit {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  pncId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  visitedOn!: string;

  @Field(() => PoliceHomeVisitType)
  @Enum({ items: () => PoliceHomeVisitType })
  visitType!: PoliceHomeVisitType;

  @Field(() => PoliceHomeVisitOutcome)
  @Enum({ items: () => PoliceHomeVisitOutcome })
  outcome!: PoliceHomeVisitOutcome;
}
