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
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    .target(
      name: "Descent",
      dependencies: [
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
