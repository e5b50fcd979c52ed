/** The text of `inspectflow --help`. */
export const HELP_TEXT = `inspectflow: visual inspection pipelines, headless

Usage:
  inspectflow validate GRAPH [--check-paths] [--set N=V]
                                           check a graph file; prints every problem (--check-paths: and that its files exist)
  inspectflow migrate GRAPH [--write]      upgrade a graph file to the current format and node versions
  inspectflow run GRAPH [options]          run a graph with progress, write its outputs
      --set name=value    override a graph param (repeatable)
      --out DIR           write outputs.json, metrics.json and the artifacts to DIR
      --target node[.port]  compute this output instead of the graph's outputs (repeatable)
      --cache DIR         cache directory (default $INSPECTFLOW_CACHE or .inspectflow/cache)
      --seed N            seed of every random choice (default 0)
      --threads N         inference threads (default: CPU cores)
  inspectflow sweep GRAPH --grid N=v1,v2 [--grid ...] [--set N=V] --out DIR
                                           run every combination (N: graph param or nodeId.param), reusing the
                                           cache; writes compare.json and compare.html. --preset NAME: a sweep
                                           from graphs/sweeps (k-sweep, ldknn-vs-knn, finetune-vs-imagenet)
  inspectflow nodes [--json|--markdown]    list the node catalog (--markdown: the reference in docs/nodes.md)
  inspectflow prune-runs [options]         delete ended run folders: --keep N newest and/or --days D,
                                           --data-dir DIR (default .inspectflow), --dry-run
  inspectflow weights list|add|pull        weights store: list [--json], add NAME FILE, pull NAME [--url URL]
  inspectflow export GRAPH --out F.inspect [--set N=V] [--weights-by-hash] [--verify]
                                           fit (or reuse from the cache) and write a fitted inspection package;
                                           --verify checks it scores the graph's test images as the graph does
  inspectflow inspect PACKAGE IMAGE|DIR... [--out DIR] [--json]
                                           score images with a package: score, threshold, decision, heat maps
                                           in DIR; exit 0 all normal, 3 any anomalous, 1 error
  inspectflow serve [options]              start the runtime server and editor
  inspectflow start                        serve and open the demo graph
  inspectflow worker --queue redis://H:P   run queued runs for API nodes started with serve --queue (see docs/deploy.md)
  inspectflow bench [options]              run the benchmark graphs
  inspectflow setup gpu [--only tfjs|onnx] download the GPU engines' libraries that npm install skipped
  inspectflow doctor [--json]              the engines and devices found, and why the GPU is not used
  inspectflow --help                       this text

Exit codes: 0 ok, 1 run failed, 2 usage error or invalid graph, 130 cancelled (Ctrl-C).
`
