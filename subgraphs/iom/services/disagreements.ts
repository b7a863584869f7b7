/**
 * Where partners disagree about a person on a conference's agenda. Each flag compares only the
 * partners that can say (a partner without a record, or police about a past day, says nothing);
 * with fewer than two, there is nothing to compare and the flag is null.
 */

/** Custody as housing (the hub's source), police and probation record it: true when any two differ. */
export function custodyDisagreement(housing: boolean | null | undefined, police: boolean | null | undefined, probation: boolean | null | undefined): boolean | null {
  const known = [housing, police, probation].filter((value): value is boolean => typeof value === 'boolean');
  return known.length < 2 ? null : known.some((value) => value !== known[0]);
}

/** The district housing places the person in against the one police manage them in. */
export function addressDisagreement(housingArea: string | null | undefined, policingArea: string | null | undefined): boolean | null {
  if (!housingArea || !policingArea) return null;
  return housingArea.trim().toLowerCase() !== policingArea.trim().toLowerCase();
}
