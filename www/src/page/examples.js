// The examples menu: the three pods from the user's note on multi-container pods, the patterns
// Podscope recognises, two whole applications for the app view, and a manifest full of mistakes. Bundled as text: no request at run time.

import elasticStack from "../../../examples/elastic-stack-sidecar.yaml?raw";
import myappInit from "../../../examples/myapp-init-containers.yaml?raw";
import yellow from "../../../examples/yellow-two-containers.yaml?raw";
import mistakes from "../../../examples/mistakes.yaml?raw";
import decodeError from "../../../examples/decode-error.yaml?raw";
import adapter from "../../examples/adapter-log-exporter.yaml?raw";
import ambassador from "../../examples/ambassador-redis-proxy.yaml?raw";
import nativeSidecar from "../../examples/native-sidecar.yaml?raw";
import jobSidecar from "../../examples/job-with-sidecar.yaml?raw";
import shop from "../../examples/shop-application.yaml?raw";
import boutique from "../../examples/online-boutique.yaml?raw";

export const EXAMPLES = [
  { id: "elastic-stack-sidecar", group: "From the note on multi-container pods", label: "Log shipper sidecar", detail: "app writes a log volume, filebeat reads it", text: elasticStack },
  { id: "myapp-init-containers", group: "From the note on multi-container pods", label: "Init containers", detail: "two init steps wait for services", text: myappInit },
  { id: "yellow-two-containers", group: "From the note on multi-container pods", label: "Two containers", detail: "busybox and redis side by side", text: yellow },
  { id: "adapter-log-exporter", group: "Patterns", label: "Adapter", detail: "an exporter turns nginx logs into metrics", text: adapter },
  { id: "ambassador-redis-proxy", group: "Patterns", label: "Ambassador", detail: "the app talks to a local Redis proxy", text: ambassador },
  { id: "native-sidecar", group: "Patterns", label: "Native sidecar", detail: "restartPolicy: Always in initContainers", text: nativeSidecar },
  { id: "job-with-sidecar", group: "Patterns", label: "Job with a sidecar", detail: "a backup Job that never completes", text: jobSidecar },
  { id: "shop-application", group: "Applications (App view)", label: "A shop in one file", detail: "Ingress, Services, a PDB, an autoscaler, config", text: shop },
  { id: "online-boutique", group: "Applications (App view)", label: "Online Boutique", detail: "Google's demo: 12 Deployments and their Services", text: boutique },
  { id: "mistakes", group: "Mistakes", label: "Full of mistakes", detail: "the errors people make most often", text: mistakes },
  { id: "decode-error", group: "Mistakes", label: "YAML booleans", detail: "unquoted yes refused by the server", text: decodeError },
];

export const DEFAULT_EXAMPLE = EXAMPLES[0];

export function exampleById(id) {
  return EXAMPLES.find((e) => e.id === id) ?? null;
}
