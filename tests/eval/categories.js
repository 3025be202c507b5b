// The warning categories fixed by the project's CONTRACT.md, in its order.
//
// The evaluator checks every corpus label against this list, and scores spelling apart from the
// rest: a typo is not a policy breach, so it must neither lift nor sink the policy figures.

'use strict';

const CATEGORIES = [
  'patient-identifiable', 'patient-discussion', 'patient-contact', 'colleague',
  'discrimination-abuse', 'concern-raising', 'speaking-for-employer', 'organisation-confidential',
  'sickness-absence', 'shift-swap', 'personal-security', 'safeguarding', 'public-incident', 'legal',
  'images-consent', 'spelling',
];

const SPELLING = 'spelling';
const POLICY_CATEGORIES = CATEGORIES.filter((c) => c !== SPELLING);

module.exports = { CATEGORIES, POLICY_CATEGORIES, SPELLING };
