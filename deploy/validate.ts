// Checks the deployment files without a cluster or Docker: every manifest parses, has the fields
// Kubernetes requires, the gateway has its probes and settings, names line up (Service → pods,
// Secret/ConfigMap references, kustomization resources), and every environment variable the
// manifests set is one the code actually reads (a typo would otherwise be silently ignored).
//
//   npx tsx deploy/validate.ts        # exit code 1 and a list of problems if anything is off
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const K8S = path.join(HERE, 'k8s');
const problems: string[] = [];
const check = (ok: unknown, message: string) => {
  if (!ok) problems.push(message);
};

type Doc = Record<string, any> & { __file: string };

// ------------------------------------------------------------------------------------ parse

const docs: Doc[] = [];
for (const file of readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const text = readFileSync(path.join(K8S, file), 'utf8');
  for (const parsed of parseAllDocuments(text)) {
    for (const error of parsed.errors) problems.push(`${file}: YAML error: ${error.message}`);
    const value = parsed.toJS() as Record<string, any> | null;
    if (value === null) continue;
    docs.push({ ...value, __file: file });
  }
}

for (const doc of docs) {
  const where = `${doc.__file} ${doc.kind ?? '?'} ${doc.metadata?.name ?? '?'}`;
  if (doc.kind === 'Kustomization') continue;
  check(typeof doc.apiVersion === 'string', `${where}: apiVersion missing`);
  check(typeof doc.kind === 'string', `${where}: kind missing`);
  check(typeof doc.metadata?.name === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(doc.metadata.name), `${where}: metadata.name missing or not a DNS label`);
}

const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);

// ------------------------------------------------------------------------------------ kustomization

const kustomization = docs.find((d) => d.kind === 'Kustomization');
check(kustomization, 'k8s/kustomization.yaml missing');
for (const resource of kustomization?.resources ?? []) check(existsSync(path.join(K8S, resource)), `kustomization lists ${resource}, which does not exist`);
const listed = new Set<string>(kustomization?.resources ?? []);
for (const doc of docs) {
  if (doc.kind === 'Kustomization' || doc.__file === 'secret.example.yaml') continue;
  check(listed.has(doc.__file), `${doc.__file} is not listed in kustomization.yaml`);
}
check(!listed.has('secret.example.yaml'), 'secret.example.yaml must not be applied (it holds placeholders)');

// ------------------------------------------------------------------------------------ env names the code reads

function knownEnvNames(): Set<string> {
  const names = new Set<string>();
  // Gateway: the zod schema in apps/gateway/src/config.ts.
  const config = readFileSync(path.join(ROOT, 'apps/gateway/src/config.ts'), 'utf8');
  const schema = /const EnvSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(config)?.[1] ?? '';
  for (const m of schema.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]!);
  // Worker, artifact store, and anything else read through process.env.X / env.X / read(env, 'X').
  const sources = ['apps/worker/src/main.ts', 'apps/worker/src/worker.ts', 'packages/artifact-store/src/env.ts', 'packages/db/src/index.ts'];
  for (const file of sources) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of text.matchAll(/'((?:MODELGRAPH|AWS)_[A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  return names;
}
const known = knownEnvNames();
check(known.has('DATABASE_URL') && known.has('MODELGRAPH_S3_BUCKET') && known.has('MODELGRAPH_RUN_LEASE_MS'), `could not read the env names from the code (found ${[...known].join(', ')})`);

const configMap = find('ConfigMap', 'modelgraph-config');
check(configMap, 'ConfigMap modelgraph-config missing');
for (const name of Object.keys(configMap?.data ?? {})) check(known.has(name), `ConfigMap sets ${name}, which no code reads`);
const secretExample = find('Secret', 'modelgraph-secrets');
check(secretExample, 'secret.example.yaml: Secret modelgraph-secrets missing');
const secretKeys = new Set(Object.keys(secretExample?.stringData ?? {}));
for (const name of secretKeys) check(known.has(name), `Secret example sets ${name}, which no code reads`);
check(/^[0-9a-f]{64}$/.test(secretExample?.stringData?.MODELGRAPH_MASTER_KEY ?? ''), 'the example master key must have the real format (64 hex characters)');

// ------------------------------------------------------------------------------------ workloads

function container(deployment: Doc | undefined) {
  return deployment?.spec?.template?.spec?.containers?.[0] as Record<string, any> | undefined;
}
function envOf(c: Record<string, any> | undefined): Map<string, any> {
  return new Map((c?.env ?? []).map((e: any) => [e.name, e]));
}

function checkWorkload(name: string, entry: string, required: string[]) {
  const deployment = find('Deployment', name);
  check(deployment, `Deployment ${name} missing`);
  if (!deployment) return;
  const where = `Deployment ${name}`;
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(deployment.spec?.selector?.matchLabels ?? {})) check(labels[k] === v, `${where}: selector ${k}=${v} does not match the pod labels`);
  const c = container(deployment);
  check(c?.image, `${where}: no image`);
  check(Array.isArray(c?.command) && c.command.includes(entry), `${where}: command must run ${entry}`);
  check(existsSync(path.join(ROOT, entry)), `${where}: ${entry} does not exist in the repository`);
  const env = envOf(c);
  for (const e of env.keys()) check(known.has(e), `${where}: sets ${e}, which no code reads`);
  for (const r of required) check(env.has(r), `${where}: ${r} must be set`);
  for (const [n, e] of env) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      check(ref.name === 'modelgraph-secrets', `${where}: ${n} reads an unknown Secret ${ref.name}`);
      check(secretKeys.has(ref.key), `${where}: ${n} reads key ${ref.key}, which the Secret example does not define`);
    }
  }
  for (const from of c?.envFrom ?? []) if (from.configMapRef) check(find('ConfigMap', from.configMapRef.name), `${where}: envFrom an unknown ConfigMap ${from.configMapRef.name}`);
  check(c?.resources?.requests?.cpu && c?.resources?.limits?.memory, `${where}: set CPU requests and a memory limit`);
  check(c?.securityContext?.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation must be false`);
  if (c?.securityContext?.readOnlyRootFilesystem) {
    check((c.volumeMounts ?? []).some((m: any) => m.mountPath === '/tmp'), `${where}: a read-only root needs a writable /tmp (tsx cache)`);
  }
  return { deployment, c, env };
}

const gateway = checkWorkload('modelgraph-gateway', 'apps/gateway/src/main.ts', ['DATABASE_URL', 'MODELGRAPH_MASTER_KEY', 'MODELGRAPH_OPERATOR_KEY', 'MODELGRAPH_WORKERS']);
if (gateway) {
  const { c, env } = gateway;
  check(env.get('MODELGRAPH_WORKERS')?.value === '0', 'gateway: MODELGRAPH_WORKERS must be "0" (workers run in their own Deployment)');
  const port = c?.ports?.find((p: any) => p.name === 'http');
  check(port?.containerPort === Number(env.get('PORT')?.value ?? 4000), 'gateway: the http containerPort must equal PORT');
  check(c?.readinessProbe?.httpGet?.path === '/readyz', 'gateway: readinessProbe must GET /readyz');
  check(c?.livenessProbe?.httpGet?.path === '/healthz', 'gateway: livenessProbe must GET /healthz (never the database check)');
  check(c?.startupProbe?.httpGet?.path === '/healthz', 'gateway: startupProbe should GET /healthz');
  const service = find('Service', 'modelgraph-gateway');
  check(service, 'Service modelgraph-gateway missing');
  const podLabels = gateway.deployment.spec.template.metadata.labels;
  for (const [k, v] of Object.entries(service?.spec?.selector ?? {})) check(podLabels[k] === v, `Service selector ${k}=${v} matches no gateway pod`);
  for (const p of service?.spec?.ports ?? []) check(p.targetPort === 'http' || p.targetPort === port?.containerPort, `Service port ${p.name} targets ${p.targetPort}, not the gateway's http port`);
  const hpa = find('HorizontalPodAutoscaler', 'modelgraph-gateway');
  check(!hpa || hpa.spec?.scaleTargetRef?.name === 'modelgraph-gateway', 'HPA must target the gateway Deployment');
  const pdb = find('PodDisruptionBudget', 'modelgraph-gateway');
  for (const [k, v] of Object.entries(pdb?.spec?.selector?.matchLabels ?? {})) check(podLabels[k] === v, `PDB selector ${k}=${v} matches no gateway pod`);
}
checkWorkload('modelgraph-worker', 'apps/worker/src/main.ts', ['DATABASE_URL', 'MODELGRAPH_MASTER_KEY']);

// ------------------------------------------------------------------------------------ Dockerfile

const dockerfile = readFileSync(path.join(HERE, 'Dockerfile'), 'utf8');
check(/^FROM node:20/m.test(dockerfile), 'Dockerfile: base image must be Node 20 (package.json engines)');
check(/npm ci/.test(dockerfile), 'Dockerfile: install with npm ci (the lockfile)');
check(/prisma-generate\.mjs/.test(dockerfile) && existsSync(path.join(ROOT, 'scripts/prisma-generate.mjs')), 'Dockerfile: must generate the Prisma client (scripts/prisma-generate.mjs)');
const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
check(cmd && (JSON.parse(cmd) as string[]).every((part) => !part.endsWith('.ts') || existsSync(path.join(ROOT, part))), 'Dockerfile: CMD must run an existing entry point');
check(/^USER (?!root)/m.test(dockerfile), 'Dockerfile: run as a non-root user');

if (problems.length > 0) {
  console.error(`deploy/validate: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  process.exitCode = 1;
} else {
  console.log(`deploy/validate: ${docs.length} documents in deploy/k8s and deploy/Dockerfile look consistent (${[...known].length} env names known to the code).`);
}
