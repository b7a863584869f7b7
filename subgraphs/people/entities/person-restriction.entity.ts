import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';

/**
 * A restricted person ("limited access" in HMPPS terms: a witness, a member of staff, a
 * high-profile case): only the people and teams named here may see them; to anyone else, in every
 * subgraph, they do not exist. Restrictions are history: lifting or replacing one stamps it, and
 * at most one per person is current (not lifted) — the database enforces it
 * (`person_restriction_one_current_per_person`).
 */
@ObjectType('PersonRestriction', { description: 'A restriction on who may see a person, with who made it, when and why, and when it was lifted.' })
@Entity({ tableName: 'person_restriction' })
@Index({ name: 'person_restriction_one_current_per_person', expression: 'create unique index "person_restriction_one_current_per_person" on "person_restriction" ("person_id") where "lifted_at" is null' })
export class PersonRestriction {
  [OptionalProps]?: 'restrictedAt' | 'allowedPeople' | 'allowedTeams' | 'liftedAt' | 'liftedBy' | 'liftReason';

  @Field(() => ID, { nullable: true })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The hub id of the person restricted.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'uuid', index: true })
  personId!: string;

  @Field(() => String, { nullable: true, description: 'Why the person is restricted.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => [String], { nullable: true, description: 'The people (token subjects) who may still see the person.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text[]', default: '{}' })
  allowedPeople: string[] = [];

  @Field(() => [String], { nullable: true, description: 'The teams (the token team claim) whose members may still see the person.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text[]', default: '{}' })
  allowedTeams: string[] = [];

  @Field(() => String, { nullable: true, description: 'Who restricted the person (token subject).' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text' })
  restrictedBy!: string;

  @Field(() => Date, { nullable: true })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  restrictedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When the restriction was lifted or replaced; null while it holds.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Who lifted or replaced it (token subject).' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text', nullable: true })
  liftedBy: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was lifted or replaced.' })
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Property({ type: 'text', nullable: true })
  liftReason: string | null = null;
}
