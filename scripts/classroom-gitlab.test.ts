// The instructors' GitLab grading template (classroom/gitlab/.gitlab-ci.yml) cannot run here
// either. It is held to the JSON schema GitLab's own pipeline editor validates with (vendored in
// scripts/schemas/: its README says where from), and to what the GitHub workflow does.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse as parseShell } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const file = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const templatePath = file('../classroom/gitlab/.gitlab-ci.yml');
const workflowPath = file('../classroom/.github/workflows/grade.yml');
const schemaPath = file('./schemas/gitlab-ci.schema.json');

// The options gitlab-ci-local validates with: GitLab's schema has editor-only keywords
// (markdownDescription) and keywords without a "type" beside them, which Ajv's strict mode rejects.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false, keywords: ['markdownDescription'] });
// A CommonJS module typed as an ES one: under NodeNext its plugin is `.default` (also at run time).
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(await readFile(schemaPath, 'utf8')) as object);

/** One line per place in the file: where, what is wrong there, and the offending key or allowed values. */
function readable(errors: ErrorObject[]): string[] {
  const byPlace = new Map<string, string[]>();
  for (const e of errors) {
    const params = e.params as { additionalProperty?: string; allowedValues?: unknown[] };
    const detail = params.additionalProperty
      ? `: ${params.additionalProperty}`
      : params.allowedValues
        ? ` (${params.allowedValues.join(', ')})`
        : '';
    const place = e.instancePath || '(top level)';
    const messages = byPlace.get(place) ?? [];
    if (!messages.includes(`${e.message}${detail}`)) messages.push(`${e.message}${detail}`);
    byPlace.set(place, messages);
  }
  return [...byPlace].map(([place, messages]) => `${place}: ${messages.join('; ')}`);
}

/** [] for a valid pipeline, else what GitLab's pipeline editor would underline. */
function problems(source: string): string[] {
  return validate(parse(source)) ? [] : readable(validate.errors ?? []);
}

interface Job {
  image: string;
  services: { name: string; alias?: string; command?: string[] }[];
  variables: Record<string, string>;
  allow_failure?: unknown;
  before_script: string[];
  script: string[];
  after_script: string[];
  artifacts: { when: string; paths: string[]; reports: { junit: string | string[] } };
}
interface Pipeline {
  variables: Record<string, string>;
  grade: Job;
}
interface Workflow {
  env: Record<string, string>;
  jobs: { grade: { steps: { run?: string }[] } };
}

const templateSource = await readFile(templatePath, 'utf8');
const template = parse(templateSource) as Pipeline;
const workflow = parse(await readFile(workflowPath, 'utf8')) as Workflow;
const job = template.grade;

/** The `npm run check` command of a script: continuation lines joined, comments dropped. */
function checkCommand(script: string): string {
  const lines = script.replace(/\\\n\s*/g, ' ').split('\n');
  const command = lines.find((l) => l.trim().startsWith('npm run check'));
  if (!command) throw new Error(`no npm run check in:\n${script}`);
  return command.trim();
}

/** Its arguments, with each platform's folders replaced by what they stand for. */
function canonical(command: string, folders: [string, string][]): string[] {
  return parseShell(command, (name) => `$${name}`).map((token) => {
    if (typeof token !== 'string') throw new Error(`not a plain argument: ${JSON.stringify(token)} in ${command}`);
    const folder = folders.find(([prefix]) => token.startsWith(prefix));
    return folder ? folder[1] + token.slice(folder[0].length) : token;
  });
}

const githubCheck = checkCommand(workflow.jobs.grade.steps.find((s) => s.run?.includes('npm run check'))!.run!);
const gitlabCheck = checkCommand(job.script.find((s) => s.includes('npm run check'))!);

describe('GitLab grading template: the schema', () => {
  it("validates against GitLab's own CI schema", () => {
    expect(problems(templateSource)).toEqual([]);
  });

  it('is a validator that does reject a broken pipeline, and says where and why', () => {
    const reportIsNumber = templateSource.replace('junit: results.xml', 'junit: 5');
    expect(reportIsNumber).not.toBe(templateSource);
    expect(problems(reportIsNumber)).toEqual([
      '/grade/artifacts/reports/junit: must be string; must be array; must match exactly one schema in oneOf',
    ]);

    const misspelt = templateSource.replace(/^ {2}script:$/m, '  scirpt:');
    expect(misspelt).not.toBe(templateSource);
    expect(problems(misspelt)).toEqual(['/grade: must NOT have additional properties: scirpt']);

    const badWhen = templateSource.replace('when: always\n    expire_in', 'when: sometimes\n    expire_in');
    expect(badWhen).not.toBe(templateSource);
    expect(problems(badWhen)).toEqual(['/grade/artifacts/when: must be equal to one of the allowed values (on_success, on_failure, always)']);
  });
});

describe('GitLab grading template: what it does', () => {
  it('has the GitHub workflow’s three settings, with the same exercises', () => {
    for (const name of Object.keys(workflow.env)) expect(template.variables, name).toHaveProperty(name);
    expect(Object.keys(workflow.env).sort()).toEqual(['EXERCISES', 'SHIPSHAPE_REF', 'SHIPSHAPE_REPOSITORY']);
    expect(template.variables.EXERCISES).toBe(workflow.env.EXERCISES);
    expect(template.variables.SHIPSHAPE_REPOSITORY).toMatch(/\.git$/);
  });

  it('pins the checker to a tag or a commit, not to a branch, in both templates', () => {
    for (const ref of [template.variables.SHIPSHAPE_REF!, workflow.env.SHIPSHAPE_REF!]) {
      expect(['main', 'master', 'develop', 'dev', 'trunk', 'HEAD']).not.toContain(ref);
      expect(ref).toMatch(/^(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
    }
    expect(workflow.env.SHIPSHAPE_REF).toBe(template.variables.SHIPSHAPE_REF);
  });

  it('runs exactly the npm run check command line of the GitHub workflow', () => {
    expect(githubCheck).toMatch(/^npm run check \$EXERCISES -- /);
    expect(gitlabCheck).toMatch(/^npm run check \$EXERCISES -- /);
    const github = canonical(githubCheck, [
      ['$GITHUB_WORKSPACE/submission', '<submission>'],
      ['$GITHUB_WORKSPACE/', '<out>/'],
    ]);
    const gitlab = canonical(gitlabCheck, [
      ['$CI_PROJECT_DIR/', '<out>/'],
      ['$CI_PROJECT_DIR', '<submission>'],
    ]);
    expect(gitlab).toEqual(github);
    expect(github).toEqual(['npm', 'run', 'check', '$EXERCISES', '--', '--dir', '<submission>', '--junit', '<out>/results.xml', '--json', '<out>/results.json']);
  });

  it('grades with the pinned checker, from outside the submission, never the student’s checker/', () => {
    const setup = job.before_script.join('\n');
    expect(setup).toMatch(/git .*clone .*"\$SHIPSHAPE_REPOSITORY" "\$SHIPSHAPE_DIR"/);
    expect(setup).toMatch(/git -C "\$SHIPSHAPE_DIR" checkout .*"\$SHIPSHAPE_REF"/);
    expect(setup).toMatch(/cd "\$SHIPSHAPE_DIR" && npm ci\b/);
    expect(template.variables.SHIPSHAPE_DIR).not.toMatch(/CI_PROJECT_DIR|CI_BUILDS_DIR/);
    // The last folder the script enters before the check is the checker's.
    const beforeCheck = job.script.slice(0, job.script.findIndex((s) => s.includes('npm run check')));
    expect(beforeCheck.filter((s) => /^cd /.test(s)).at(-1)).toBe('cd "$SHIPSHAPE_DIR"');
    expect(templateSource).not.toMatch(/CI_PROJECT_DIR\/checker|\$CI_PROJECT_DIR" && npm/);
    // Reports a submission brings along are removed before anything runs.
    expect(job.before_script[0]).toBe('rm -f results.xml results.json');
  });

  it('fails the job with the checker’s exit code and lets its output through', () => {
    expect(job.allow_failure).toBeUndefined();
    const last = job.script.at(-1)!;
    expect(last).toContain('npm run check');
    expect(last).not.toMatch(/\|\||; *exit|set \+e|>|--silent|\s-s\b/);
  });

  it('keeps results.xml as a JUnit report and both files as artifacts, also when the job fails', () => {
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports.junit).toBe('results.xml');
    expect(job.artifacts.paths).toEqual(expect.arrayContaining(['results.xml', 'results.json']));
    // Artifacts are paths in the project folder: the same files the command writes there.
    expect(gitlabCheck).toContain('--junit "$CI_PROJECT_DIR/results.xml"');
    expect(gitlabCheck).toContain('--json "$CI_PROJECT_DIR/results.json"');
    expect(job.after_script.join('\n')).toMatch(/totals\.points.*totals\.maxPoints/);
  });

  it('gets a Docker engine of its own over TLS, on a pinned Node 24 image', () => {
    expect(job.image).toMatch(/^node:24\.\d+\.\d+-[a-z]+$/);
    const dind = job.services.find((s) => s.name.includes('dind'));
    expect(dind?.name).toMatch(/^docker:\d+\.\d+\.\d+-dind$/);
    expect(dind?.alias).toBe('docker');
    expect(job.variables).toMatchObject({ DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_CERTDIR: '/certs', DOCKER_TLS_VERIFY: '1' });
    // The registry mirror goes to the engine as the service's command: shown, not set.
    expect(templateSource).toMatch(/^ *# command: \["--registry-mirror=https:\/\/<[\w-]+>"\]$/m);
  });

  it('names no host: a URL in it is a placeholder to fill in', () => {
    for (const url of templateSource.match(/\bhttps?:\/\/\S+/g) ?? []) expect(url).toMatch(/^https:\/\/<[\w-]+>/);
  });
});
