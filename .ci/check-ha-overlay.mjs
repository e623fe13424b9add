// What k8s/overlays/ha promises, checked on its rendered output (`kubectl kustomize k8s/overlays/ha`):
//   - the CloudNativePG Cluster, for which there is no schema offline: the fields the overlay uses,
//     their types and allowed values (CloudNativePG's API reference: ClusterSpec,
//     SynchronousReplicaConfiguration, BootstrapInitDB, RoleConfiguration), no misspelt key among
//     them, and the Secrets it names present as kubernetes.io/basic-auth for the right role;
//   - the demo PostgreSQL gone; every SPRING_DATASOURCE_URL on the Cluster's -rw Service;
//   - two peered registries, every peer and client listing every node;
//   - two replicas and a PodDisruptionBudget for each service; auth-service on one shared key with
//     ClientIP affinity; the database pods reachable by the domain services and the operator.
// Usage: node .ci/check-ha-overlay.mjs RENDERED.yaml NPM_TOOLS_DIR (where the yaml package is).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [renderedFile, toolsDir] = process.argv.slice(2);
const YAML = createRequire(path.join(path.resolve(toolsDir), 'package.json'))('yaml');
const objects = YAML.parseAllDocuments(fs.readFileSync(renderedFile, 'utf8')).map(d => d.toJS()).filter(Boolean);

const problems = [];
const check = (ok, message) => { if (!ok) problems.push(message); return ok; };
const find = (kind, name) => objects.find(o => o.kind === kind && o.metadata?.name === name);
const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
const unknownKeys = (value, allowed, where) => {
  if (!check(isObject(value), `${where} is not an object`)) return;
  for (const key of Object.keys(value)) check(allowed.includes(key), `${where}.${key} is not a field this overlay expects (misspelt?)`);
};

const SERVICES = ['discovery-service', 'auth-service', 'gateway-service', 'inventory-service', 'payment-service', 'order-service'];
const CLIENTS = SERVICES.filter(s => s !== 'discovery-service');
const DOMAIN = { 'inventory-service': 'inventory', 'payment-service': 'payments', 'order-service': 'orders' };

// The Cluster.
const clusters = objects.filter(o => o.kind === 'Cluster');
check(clusters.length === 1, `expected one Cluster, found ${clusters.length}`);
const cluster = clusters[0] ?? {};
const clusterName = cluster.metadata?.name;
check(cluster.apiVersion === 'postgresql.cnpg.io/v1', `Cluster apiVersion is ${cluster.apiVersion}, not postgresql.cnpg.io/v1`);
const spec = cluster.spec ?? {};
unknownKeys(spec, ['instances', 'imageName', 'postgresql', 'bootstrap', 'managed', 'storage', 'affinity', 'resources'], 'Cluster.spec');
check(Number.isInteger(spec.instances) && spec.instances >= 2, `spec.instances must be an integer >= 2 (one primary, one standby at least): ${spec.instances}`);
check(typeof spec.imageName === 'string' && spec.imageName.includes(':'), `spec.imageName must name a tagged image: ${spec.imageName}`);
unknownKeys(spec.postgresql, ['synchronous'], 'spec.postgresql');
const sync = spec.postgresql?.synchronous ?? {};
unknownKeys(sync, ['method', 'number', 'dataDurability'], 'spec.postgresql.synchronous');
check(['any', 'first'].includes(sync.method), `synchronous.method must be any or first: ${sync.method}`);
check(Number.isInteger(sync.number) && sync.number >= 1 && sync.number < spec.instances,
  `synchronous.number must be an integer from 1 to instances - 1: ${sync.number}`);
check(['required', 'preferred'].includes(sync.dataDurability), `synchronous.dataDurability must be required or preferred: ${sync.dataDurability}`);
check(typeof spec.storage?.size === 'string', 'spec.storage.size must be a quantity string');

const initdb = spec.bootstrap?.initdb ?? {};
unknownKeys(spec.bootstrap, ['initdb'], 'spec.bootstrap');
unknownKeys(initdb, ['database', 'owner', 'secret', 'postInitSQL'], 'spec.bootstrap.initdb');
check(Array.isArray(initdb.postInitSQL) && initdb.postInitSQL.every(s => typeof s === 'string'), 'initdb.postInitSQL must be a list of strings');
const sql = (initdb.postInitSQL ?? []).join('\n');

const basicAuth = (secretName, role, where) => {
  const secret = find('Secret', secretName);
  if (!check(secret, `${where}: Secret ${secretName} is not rendered`)) return;
  check(secret.type === 'kubernetes.io/basic-auth', `${where}: Secret ${secretName} must be of type kubernetes.io/basic-auth`);
  const username = secret.stringData?.username ?? (secret.data?.username && Buffer.from(secret.data.username, 'base64').toString());
  check(username === role, `${where}: Secret ${secretName} has username ${username}, not ${role}`);
  check(secret.stringData?.password ?? secret.data?.password, `${where}: Secret ${secretName} has no password`);
};

const roles = spec.managed?.roles ?? [];
unknownKeys(spec.managed, ['roles'], 'spec.managed');
roles.forEach((role, i) => {
  unknownKeys(role, ['name', 'ensure', 'login', 'passwordSecret'], `spec.managed.roles[${i}]`);
  check(role.ensure === undefined || ['present', 'absent'].includes(role.ensure), `role ${role.name}: ensure must be present or absent`);
  check(role.login === true, `role ${role.name}: login must be true (a service connects as it)`);
  unknownKeys(role.passwordSecret, ['name'], `role ${role.name}.passwordSecret`);
  basicAuth(role.passwordSecret?.name, role.name, `role ${role.name}`);
});
// The three databases, each owned by its role, CONNECT revoked from PUBLIC (as init-databases.sh).
for (const db of Object.values(DOMAIN)) {
  const created = initdb.database === db
    ? check(initdb.owner === db, `initdb.owner must be ${db}, the owner of ${db}`)
    : check(new RegExp(`CREATE DATABASE ${db} OWNER ${db}\\b`, 'i').test(sql), `postInitSQL does not create database ${db} owned by ${db}`);
  if (created && initdb.database !== db) {
    check(new RegExp(`CREATE ROLE ${db}\\b`, 'i').test(sql), `postInitSQL does not create the role ${db} before its database`);
  }
  check(new RegExp(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`, 'i').test(sql), `postInitSQL does not revoke ${db} from PUBLIC`);
  check(roles.some(r => r.name === db && r.passwordSecret), `no managed role ${db} with a passwordSecret`);
}
if (initdb.secret) basicAuth(initdb.secret.name, initdb.owner, 'initdb.secret');

// The demo database is gone, the services use the Cluster.
for (const kind of ['StatefulSet', 'Service', 'ConfigMap', 'NetworkPolicy', 'Secret']) {
  for (const name of ['postgres', 'postgres-init', 'postgres-from-domain-services', 'orderly-db']) {
    check(!find(kind, name), `the base's ${kind} ${name} is still rendered`);
  }
}
const podSpec = o => o?.spec?.template?.spec ?? {};
const container = (o, name) => (podSpec(o).containers ?? []).find(c => c.name === name) ?? {};
const env = (o, name, variable) => (container(o, name).env ?? []).find(e => e.name === variable);
for (const [service, db] of Object.entries(DOMAIN)) {
  const url = find('ConfigMap', `${service}-config`)?.data?.SPRING_DATASOURCE_URL ?? '';
  check(url.startsWith(`jdbc:postgresql://${clusterName}-rw:5432/${db}?`) && url.includes('targetServerType=primary'),
    `${service}: SPRING_DATASOURCE_URL is not the Cluster's -rw Service with targetServerType=primary: ${url}`);
  const password = env(find('Deployment', service), service, 'SPRING_DATASOURCE_PASSWORD')?.valueFrom?.secretKeyRef;
  const role = roles.find(r => r.name === db);
  check(password?.name === role?.passwordSecret?.name && password?.key === 'password',
    `${service}: SPRING_DATASOURCE_PASSWORD is not the password of the Secret role ${db} is managed from`);
}
const dbPolicy = objects.find(o => o.kind === 'NetworkPolicy' && o.spec?.podSelector?.matchLabels?.['cnpg.io/cluster'] === clusterName);
if (check(dbPolicy, `no NetworkPolicy selects the pods labelled cnpg.io/cluster: ${clusterName}`)) {
  const rules = dbPolicy.spec.ingress ?? [];
  const admits = (labels, port) => rules.some(r => (r.ports ?? []).some(p => p.port === port)
    && (r.from ?? []).some(f => Object.entries(labels).every(([k, v]) => f.podSelector?.matchLabels?.[k] === v)));
  for (const service of Object.keys(DOMAIN)) check(admits({ 'app.kubernetes.io/name': service }, 5432), `the database policy does not admit ${service} on 5432`);
  check(admits({ 'cnpg.io/cluster': clusterName }, 5432), 'the database policy does not admit the instances to each other (replication, 5432)');
  check(rules.some(r => (r.ports ?? []).some(p => p.port === 8000) && (r.from ?? []).some(f => f.namespaceSelector)),
    'the database policy does not admit the operator (another namespace) on 8000');
}

// Two peered registries.
const registry = find('StatefulSet', 'discovery-service');
check(!find('Deployment', 'discovery-service'), "the base's discovery-service Deployment is still rendered");
if (check(registry, 'no StatefulSet discovery-service')) {
  const peers = find('Service', registry.spec.serviceName);
  check(peers?.spec?.clusterIP === 'None', `the StatefulSet's serviceName ${registry.spec.serviceName} is not a headless Service`);
  const nodes = [...Array(registry.spec.replicas).keys()].map(i => `discovery-service-${i}.${registry.spec.serviceName}`);
  check(nodes.length === 2, `discovery-service has ${nodes.length} replicas, not 2`);
  const hosts = value => String(value ?? '').split(',').map(u => u.trim().match(/^http:\/\/\$\(ORDERLY_EUREKA_USER\):\$\(ORDERLY_EUREKA_PASSWORD\)@([^:/]+):8761\/eureka\/$/)?.[1]);
  const sameNodes = (value, who) => check(JSON.stringify(hosts(value)) === JSON.stringify(nodes),
    `${who} does not list every registry node, with credentials, in order: ${value}`);
  sameNodes(env(registry, 'discovery-service', 'EUREKA_PEER_URLS')?.value, 'EUREKA_PEER_URLS');
  check(env(registry, 'discovery-service', 'EUREKA_PEER_SYNC')?.value === 'true', 'EUREKA_PEER_SYNC is not "true"');
  check(env(registry, 'discovery-service', 'EUREKA_HOSTNAME')?.value === `$(POD_NAME).${registry.spec.serviceName}`,
    'EUREKA_HOSTNAME is not the pod\'s name in the peers\' Service (the host of its own URL)');
  check(env(registry, 'discovery-service', 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath === 'metadata.name', 'POD_NAME is not the pod\'s name');
  for (const client of CLIENTS) sameNodes(env(find('Deployment', client), client, 'EUREKA_URL')?.value, `${client}'s EUREKA_URL`);
}

// Replicas and budgets.
for (const service of SERVICES) {
  const workload = find('Deployment', service) ?? find('StatefulSet', service);
  check(workload?.spec?.replicas >= 2, `${service} runs ${workload?.spec?.replicas} replica(s), not 2 or more`);
  const budget = objects.find(o => o.kind === 'PodDisruptionBudget' && o.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === service);
  check(budget?.spec?.minAvailable === 1, `${service} has no PodDisruptionBudget with minAvailable 1`);
}

// auth-service: one key for both replicas, one pod per login.
const auth = find('Deployment', 'auth-service');
const keyFile = env(auth, 'auth-service', 'ORDERLY_AUTH_SIGNING_KEY')?.value ?? '';
const keyVolume = (podSpec(auth).volumes ?? []).find(v => v.secret);
const keyMount = (container(auth, 'auth-service').volumeMounts ?? []).find(m => m.name === keyVolume?.name);
check(keyVolume && keyMount && keyFile.startsWith(`${keyMount.mountPath}/`),
  'auth-service: ORDERLY_AUTH_SIGNING_KEY is not a file of a Secret volume mounted in the container');
check(auth?.spec?.strategy?.type === 'RollingUpdate', 'auth-service: two replicas on one key can roll; the strategy is still Recreate');
check(find('Service', 'auth-service')?.spec?.sessionAffinity === 'ClientIP', 'auth-service: its Service has no ClientIP session affinity');

for (const problem of problems) console.error(`    FAIL ${problem}`);
console.log(`    ${problems.length === 0 ? 'ok  ' : 'FAIL'} k8s/overlays/ha: Cluster ${clusterName} (${spec.instances} instances, ${sync.method} ${sync.number}, ${sync.dataDurability}), ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
