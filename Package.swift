// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Descent",
  products: [
    .library(name: "Descent", targets: ["Descent"]),
    .executable(name: "descent", targets: ["DescentCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // The matrix-product kernels: C with per-function target attributes, chosen at run time
    // (see Sources/CDescentKernels/gemm.c). Plain C settings only, so no unsafe flags.
    .target(name: "CDescentKernels"),
    .target(
      name: "Descent",
      dependencies: [
        "CDescentKernels",
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      resources: [.copy("Resources/Datasets")]
    ),
    .executableTarget(
      name: "DescentCLI",
      dependencies: [
        "Descent",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "DescentTests",
      dependencies: [
        "Descent", "DescentCLI",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      resources: [.copy("Fixtures")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
