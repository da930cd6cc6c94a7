{
  "targets": [
    {
      "target_name": "sweep",
      "sources": ["sweep.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "conditions": [["OS!='linux'", { "sources!": ["sweep.c"], "sources": ["unsupported.c"] }]]
    }
  ]
}
