// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dossier",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dossier", targets: ["dossier"]),
        .library(name: "DossierKit", targets: ["DossierKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // System libraries, from Debian: cmark-gfm here, and mimalloc, which only the executable links.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Layers, lowest first. Each depends only on layers below it.
        .target(name: "DossierDiagnostics"),
        .target(name: "DossierConfig", dependencies: ["DossierDiagnostics", "Yams"]),
        .target(name: "DossierContent", dependencies: ["DossierDiagnostics", "DossierConfig", "CDossierSys", "Yams"]),
        // cmark-gfm's nodes and buffers come from per-thread chunks (see cmark_arena.h).
        .target(name: "CCmarkArena", dependencies: ["CCmarkGFM"]),
        .target(name: "DossierMarkdown", dependencies: ["CCmarkGFM", "CCmarkArena"]),
        .target(
            name: "DossierTemplates",
            dependencies: ["DossierDiagnostics", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "DossierSite",
            dependencies: [
                "DossierDiagnostics", "DossierConfig", "DossierContent", "DossierMarkdown", "DossierTemplates",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(name: "CDossierSys"),
        .target(name: "DossierOutput", dependencies: ["DossierDiagnostics", "CDossierSys"]),
        .target(
            name: "DossierKit",
            dependencies: [
                "DossierDiagnostics", "DossierConfig", "DossierContent", "DossierMarkdown",
                "DossierTemplates", "DossierSite", "DossierOutput",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "dossier",
            dependencies: ["DossierKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // Debian's mimalloc takes the place of glibc's malloc in the whole process (docs/performance.md).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "DossierTests",
            dependencies: ["DossierKit", "DossierSite", "DossierContent", "DossierMarkdown", "DossierTemplates", "DossierOutput", "DossierConfig", "DossierDiagnostics",
                .product(name: "Mustache", package: "swift-mustache"), "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
