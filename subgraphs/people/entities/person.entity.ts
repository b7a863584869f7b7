import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { Sex } from '../../kit/sex';


/**
 * A person in the partnership's index. Partners do not know the hub id: each partner subgraph
 * keys a person by its own identifier, so the index resolves every one of them (one @key each).
 */
@ObjectType('Person', { description: 'A person known to one or more partners, as the partnership index sees them.' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "pncId")')
@Directive('@key(fields: "crn")')
@Directive('@key(fields: "prisonNumber")')
@Directive('@key(fields: "housingReference")')
@Directive('@key(fields: "treatmentClientId")')
@Directive('@key(fields: "nhsNumber")')
// A person is seen only inside the caller's row rule, judged on each person returned; outside it
// they look exactly like someone who does not exist.
@RequiresPolicy(AccessPolicyName.ROWS)
@Entity({ tableName: 'person' })
@Index({ properties: ['familyName', 'givenName', 'id'] })
@Index({ properties: ['dateOfBirth'] })
@Index({ name: 'person_match_keys_index', expression: 'create index "person_match_keys_index" on "person" using gin ("match_keys") where "merged_into" is null' })
@Index({ name: 'person_unkeyed_index', expression: 'create index "person_unkeyed_index" on "person" ("id") where "match_keys" is null and "merged_into" is null' })
export class Person {
  [OptionalProps]?: 'aliases' | 'createdAt' | 'mergedInto' | 'postcode' | 'matchKeys';

  @Field(() => ID, { description: 'The hub id (UUID).' })
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => String, { nullable: true })
  @RequiresScope(Scope.IDENTITY)
  @Property({ type: 'text' })
  givenName!: string;

  @Field(() => String, { nullable: true })
  @RequiresScope(Scope.IDENTITY)
  @Property({ type: 'text' })
  familyName!: string;

  @Field(() => [String], { nullable: true, description: 'Other names this person is known by.' })
  @RequiresScope(Scope.IDENTITY)
  @Property({ type: 'text[]', default: '{}' })
  aliases: string[] = [];

  @Field(() => LocalDateResolver, { nullable: true })
  @RequiresScope(Scope.IDENTITY)
  @Property({ type: 'date' })
  dateOfBirth!: string;

  @Field(() => Sex, { nullable: true })
  @RequiresScope(Scope.IDENTITY)
  @Enum({ items: () => Sex })
  sex!: Sex;

  @Field(() => String, { nullable: true, description: 'Postcode of the last known address.' })
  @RequiresScope(Scope.IDENTITY)
  @Property({ type: 'text', nullable: true })
  postcode: string | null = null;

  /** Set when a confirmed match merged this record into another; lookups follow it. */
  @Property({ type: 'uuid', nullable: true })
  @Index()
  mergedInto: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /**
   * The record's blocking keys ("RULE:key"), written by the matcher; null until it has seen the
   * record or after a merge or split changed it. Never loaded with the person (lazy).
   */
  @Property({ type: 'text[]', nullable: true, lazy: true })
  matchKeys: string[] | null = null;
}
