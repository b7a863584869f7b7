import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';

/**
 * A police nominal: a person of interest, keyed by PNC ID. Police record the date of birth too;
 * it is not shown here (the person index owns it) but the prolific flag is computed from it.
 */
@RequiresPolicy(AccessPolicyName.ROWS)
@ObjectType('PoliceNominal', { description: "The police's record of a person of interest." })
@Entity({ tableName: 'police_nominal' })
@Index({ properties: ['policingArea', 'neighbourhood'] })
export class PoliceNominal {
  @Field({ description: 'Police National Computer ID.' })
  @PrimaryKey({ type: 'text' })
  pncId!: string;

  @Field({ description: "The force's own reference for the nominal." })
  @Property({ type: 'text', unique: true })
  localReference!: string;

  @Field({ description: 'The policing area (district) the nominal is managed in.' })
  @Property({ type: 'text' })
  policingArea!: string;

  @Field({ description: 'The neighbourhood policing team area.' })
  @Property({ type: 'text' })
  neighbourhood!: string;

  @Property({ type: 'date' })
  dateOfBirth!: string;

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @Field(() => Int, { nullable: true, description: 'MAPPA category: 1 registered sexual offender, 2 violent offender, 3 other dangerous offender; null when not a MAPPA case.' })
  @Property({ type: 'smallint', nullable: true })
  mappaCategory: number | null = null;

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @Field(() => Int, { nullable: true, description: 'MAPPA management level, 1 to 3 (oversight highest at 3); null when not a MAPPA case.' })
  @Property({ type: 'smallint', nullable: true })
  mappaLevel: number | null = null;

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @Field(() => Boolean, { nullable: true, description: 'In custody now (remanded or serving a sentence).' })
  @Property({ type: 'boolean' })
  inCustody!: boolean;

  /** When the partner's data about this person last changed (any of its records): set by the partner's system. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordChangedAt!: Date;
}
